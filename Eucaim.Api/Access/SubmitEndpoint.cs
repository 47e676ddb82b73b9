using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Access;

/// <summary><c>POST /api/access-requests</c>: a tenant member asks for published datasets for their tenant.</summary>
internal static class SubmitEndpoint
{
    public static async Task<Results<Created<AccessRequestView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitAccessRequest? body, HttpContext http, EucaimDbContext db, IAuditTrail audit, Notifier notifier,
        AccessClock clock, IOptions<AccessOptions> options, CancellationToken cancellationToken)
    {
        var caller = PlatformIdentity.From(http.User);
        if (body is null)
        {
            return AccessProblems.Invalid("body", "A JSON body is required.");
        }

        var errors = AccessRequestValidation.Validate(body.Title, body.Purpose, body.IntendedUse, body.DuoCodes, body.RequestedDays, options.Value);
        var requested = body.Datasets ?? [];
        if (requested.Count == 0 || requested.Count > AccessRules.MaxDatasetsPerRequest)
        {
            errors["datasets"] = [$"Ask for 1 to {AccessRules.MaxDatasetsPerRequest} datasets."];
        }
        else if (requested.Select(d => d.DatasetId).Distinct().Count() != requested.Count)
        {
            errors["datasets"] = ["Each dataset may appear once."];
        }

        if (string.IsNullOrWhiteSpace(body.Tenant))
        {
            errors["tenant"] = ["The tenant (slug or id) the access is for is required."];
        }

        if (errors.Count > 0)
        {
            return AccessProblems.Invalid(errors);
        }

        return await AccessUnitOfWork.RunAsync<Results<Created<AccessRequestView>, ValidationProblem, ProblemHttpResult>>(db, async ct =>
        {
            var key = body.Tenant!.Trim();
            var tenants = db.Tenants.Include(t => t.Members);
            var tenant = Guid.TryParse(key, out var tenantId)
                ? await tenants.FirstOrDefaultAsync(t => t.Id == tenantId, ct)
                : await tenants.FirstOrDefaultAsync(t => t.Slug == key, ct);
            if (tenant is null || !TenantAccess.CanSee(caller, tenant))
            {
                return (AccessProblems.NotFound(http, "tenant", key, hidesExisting: tenant is not null), false);
            }

            if (!AccessVisibility.IsMember(caller, tenant))
            {
                return (AccessProblems.Forbidden("Not a member of the tenant.",
                    $"Only members of '{tenant.Slug}' may request access for it.", "tenant-membership"), false);
            }

            var ids = requested.Select(d => d.DatasetId).ToList();
            var datasets = await db.Datasets.AsNoTracking().Include(d => d.Versions)
                .Where(d => ids.Contains(d.Id)).AsSplitQuery().ToDictionaryAsync(d => d.Id, ct);
            var policies = await db.DatasetAccessPolicies.AsNoTracking()
                .Where(p => ids.Contains(p.DatasetId)).ToDictionaryAsync(p => p.DatasetId, ct);

            var now = clock.GetUtcNow();
            var request = new AccessRequest
            {
                Id = Guid.CreateVersion7(now),
                TenantId = tenant.Id,
                TenantSlug = tenant.Slug,
                RequesterSubject = caller.Subject!,
                RequesterName = caller.Name,
                Title = body.Title!.Trim(),
                Purpose = body.Purpose!.Trim(),
                IntendedUse = string.IsNullOrWhiteSpace(body.IntendedUse) ? null : body.IntendedUse.Trim(),
                DuoCodes = (body.DuoCodes ?? []).Distinct(StringComparer.Ordinal).ToList(),
                RequestedDays = body.RequestedDays!.Value,
                Status = AccessRequestStatus.Submitted,
                Revision = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };

            for (var i = 0; i < requested.Count; i++)
            {
                var wanted = requested[i];
                var field = $"datasets[{i}]";
                if (!datasets.TryGetValue(wanted.DatasetId, out var dataset)
                    || !(dataset.WasEverPublished || caller.IsAdmin || caller.HoldsDataFor(dataset.OrganizationKey)))
                {
                    return (AccessProblems.NotFound(http, "dataset", wanted.DatasetId, hidesExisting: dataset is not null), false);
                }

                if (dataset.State == DatasetState.Invalidated)
                {
                    return (AccessProblems.Invalid(field, $"Dataset {dataset.Id} is invalidated ({dataset.InvalidationReason}): it can no longer be requested."), false);
                }

                if (!dataset.WasEverPublished)
                {
                    return (AccessProblems.Invalid(field, $"Dataset {dataset.Id} is not published yet: only published datasets can be requested."), false);
                }

                var version = dataset.Versions.FirstOrDefault(v =>
                    v.Status == DatasetVersionStatus.Published && v.Number == (wanted.Version ?? dataset.LatestVersion));
                if (version is null)
                {
                    return (AccessProblems.Invalid($"{field}.version", $"Dataset {dataset.Id} has no published version {wanted.Version}."), false);
                }

                request.Datasets.Add(new AccessRequestDataset
                {
                    AccessRequestId = request.Id,
                    DatasetId = dataset.Id,
                    Version = wanted.Version,
                    DatasetName = version.Name.Length > 500 ? version.Name[..500] : version.Name,
                    OrganizationKey = dataset.OrganizationKey,
                    RequiresDataHolderApproval = policies.TryGetValue(dataset.Id, out var policy)
                        ? policy.RequiresDataHolderApproval
                        : DataHolderApprovalRule.Derive(version.TermsOfUse),
                    Status = AccessItemStatus.Pending,
                });
            }

            db.AccessRequests.Add(request);
            notifier.Notify(NotificationRecipients.AccessCommittee, AuditActions.AccessRequestSubmitted,
                $"New access request '{request.Title}' from tenant {request.TenantSlug} for {request.Datasets.Count} dataset(s).", request.Id);
            foreach (var organization in request.Datasets.Where(d => d.RequiresDataHolderApproval).Select(d => d.OrganizationKey).Distinct())
            {
                notifier.Notify(NotificationRecipients.Organization(organization), AuditActions.AccessRequestSubmitted,
                    $"Access request '{request.Title}' from tenant {request.TenantSlug} needs your organization's decision.", request.Id);
            }

            await db.SaveChangesAsync(ct);
            await audit.RecordAsync(db, AccessAudit.Entry(AuditActions.AccessRequestSubmitted, caller, http) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["datasets"] = string.Join(',', request.Datasets.Select(d => d.DatasetId)),
                    ["requestedDays"] = request.RequestedDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["duoCodes"] = string.Join(',', request.DuoCodes),
                },
            }, ct);
            return (TypedResults.Created($"/api/access-requests/{request.Id}", AccessRequestView.Of(request)), true);
        }, cancellationToken);
    }
}
