using Eucaim.Core.Data;
using Eucaim.Core.Exports.Screening;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Exports;

/// <summary>
/// A tenant member asks for chosen output files of an ended job to leave the bubble, saying why.
/// Every file is screened first (<see cref="ExportScreener"/>); nothing leaves until a reviewer
/// approves (<see cref="DecideExport"/>).
/// </summary>
public sealed class RequestExport(UnitOfWork uow, ListJobOutputs outputs, ExportScreener screener)
{
    public async Task<Outcome<ExportRequest>> RunAsync(Actor actor, Guid? jobId, IReadOnlyList<string>? files, string? justification, CancellationToken cancellationToken)
    {
        if (jobId is not { } id)
        {
            return JobProblems.Invalid("jobId", "job-required", "jobId is required.");
        }

        var job = await JobMembership.FindAsync(uow.Db, actor.Identity, id, tracking: false, cancellationToken);
        if (job is null)
        {
            return JobProblems.JobNotFound(id);
        }

        if (ExportRules.CheckJobEnded(job) is { } notEnded)
        {
            return notEnded;
        }

        var reason = ExportRules.Justification(justification);
        if (!reason.Succeeded)
        {
            return reason.Problem;
        }

        var wanted = files ?? [];
        var stored = (await outputs.ListAsync(job, cancellationToken)).Select(o => o.Path).ToHashSet(StringComparer.Ordinal);
        if (ExportRules.CheckFiles(wanted, stored, id) is { } refusal)
        {
            return refusal;
        }

        // Screened before it is stored: a reviewer never sees a request without its findings.
        var findings = await screener.ScreenAsync(job, wanted, cancellationToken);
        return await uow.RunAsync<ExportRequest>((scope, _) =>
        {
            var export = new ExportRequest
            {
                Id = Guid.CreateVersion7(scope.Now),
                JobId = job.Id,
                TenantId = job.TenantId,
                TenantSlug = job.TenantSlug,
                Files = [.. wanted],
                Justification = reason.Value,
                Status = ExportStatus.Pending,
                Findings = findings,
                RequestedBy = actor.Subject,
                RequestedAt = scope.Now,
            };
            scope.Db.ExportRequests.Add(export);
            scope.Audit(ExportAudit.Requested(actor, export));
            return Task.FromResult<Outcome<ExportRequest>>(export);
        }, cancellationToken);
    }
}
