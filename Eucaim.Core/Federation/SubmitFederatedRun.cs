using System.Text.Json;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>
/// A tenant member submits a federated validation run. Checked as a job submission is (the image on the job
/// images allow-list, the flavor the tenant's, an active grant of the tenant on every dataset) and further:
/// every dataset federated and served by an active node, the result schema from the fixed vocabulary. One
/// run request per node, with only that node's datasets, waits for the node's poll; every refusal is audited.
/// </summary>
public sealed class SubmitFederatedRun(UnitOfWork uow, FederatedSubmission submission, FederationHubKey hubKey)
{
    public async Task<Outcome<FederatedRun>> RunAsync(Actor actor, FederatedRunDraft draft, CancellationToken cancellationToken)
    {
        if (hubKey.NotSetUp is { } notSetUp)
        {
            return notSetUp;
        }

        var (tenant, problem, refusals, nodes, datasets, arguments) =
            await submission.CheckAsync(actor, draft.Tenant, draft.Image, draft.Flavor, draft.Datasets, draft.Arguments, cancellationToken);
        if (tenant is null)
        {
            return problem!;
        }

        foreach (var (field, errors) in FederatedRunSchema.Validate(draft.Metrics, draft.Counts))
        {
            refusals.Add(JobRefusal.Invalid(field, $"{field}-invalid", errors[0]));
        }

        if (refusals.Count > 0)
        {
            await uow.SaveWithAuditAsync([FederatedSubmission.RefusedAudit(actor, AuditActions.FederationRunSubmitted, "federation-run", tenant, refusals)], cancellationToken);
            return JobProblems.Refused(refusals);
        }

        var metrics = draft.Metrics!.ToList();
        var counts = draft.Counts?.ToList() ?? [];
        return await uow.RunAsync<FederatedRun>(async (scope, ct) =>
        {
            var run = new FederatedRun
            {
                Id = Guid.CreateVersion7(scope.Now),
                TenantId = tenant.Id,
                TenantSlug = tenant.Slug,
                SubmittedBy = actor.Subject,
                SubmittedAt = scope.Now,
                Image = draft.Image!,
                Flavor = draft.Flavor!,
                Datasets = datasets,
                Metrics = metrics,
                Counts = counts,
                Arguments = [.. arguments],
            };
            var requester = new RunRequester(actor.Subject, tenant.Slug, FederatedSubmission.Organisation(actor.Identity));
            foreach (var (node, ofNode) in nodes)
            {
                var request = new RunRequest(run.Id, run.Image, ofNode, run.Flavor, new RunResultSchema(metrics, counts), requester, run.Arguments);
                run.Nodes.Add(new FederatedRunNode
                {
                    RunId = run.Id,
                    NodeId = node.Id,
                    Request = JsonSerializer.Serialize(request, FederationJson.Options),
                    Datasets = ofNode,
                    State = FederatedRunStates.Pending,
                    UpdatedAt = scope.Now,
                });
            }

            scope.Db.FederatedRuns.Add(run);
            scope.Audit(actor.Audit(AuditActions.FederationRunSubmitted) with
            {
                TenantSlug = tenant.Slug,
                TargetType = "federation-run",
                TargetId = run.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["image"] = run.Image,
                    ["flavor"] = run.Flavor,
                    ["datasets"] = string.Join(",", datasets),
                    ["metrics"] = string.Join(",", metrics),
                    ["counts"] = string.Join(",", counts),
                    ["nodes"] = string.Join(",", nodes.Select(n => n.Node.Id)),
                },
            });
            await scope.Db.SaveChangesAsync(ct);
            foreach (var (node, _) in nodes)
            {
                await scope.Db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.FederationQueued}, {node.Id})", ct);
            }

            return run;
        }, cancellationToken);
    }
}
