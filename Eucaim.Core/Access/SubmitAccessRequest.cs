using System.Globalization;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Access;

/// <summary>A tenant member asks for published datasets for their tenant; the committee (and data holders where needed) hear of it.</summary>
public sealed class SubmitAccessRequest(UnitOfWork uow, Notifier notifier, AccessClock clock, IOptions<AccessOptions> options)
{
    public async Task<Outcome<AccessRequest>> RunAsync(Actor actor, AccessSubmission? submission, CancellationToken cancellationToken)
    {
        var validated = AccessRequestValidation.Validate(submission, options.Value.MaxGrantDays);
        if (!validated.Succeeded)
        {
            return validated.Problem;
        }

        var input = validated.Value;
        return await uow.RunAsync<AccessRequest>(async (scope, ct) =>
        {
            var db = scope.Db;
            var tenants = db.Tenants.Include(t => t.Members);
            var tenant = Guid.TryParse(input.Tenant, out var tenantId)
                ? await tenants.FirstOrDefaultAsync(t => t.Id == tenantId, ct)
                : await tenants.FirstOrDefaultAsync(t => t.Slug == input.Tenant, ct);
            if (tenant is null || !TenantAccess.CanSee(actor.Identity, tenant))
            {
                return Problem.NotFound("tenant", input.Tenant, hidesExisting: tenant is not null);
            }

            if (!AccessVisibility.IsMember(actor.Identity, tenant))
            {
                return Problem.Forbidden("Not a member of the tenant.",
                    $"Only members of '{tenant.Slug}' may request access for it.", "tenant-membership");
            }

            var request = New(actor, tenant, input.Content, clock.GetUtcNow());
            var ids = input.Datasets.Select(d => d.DatasetId).ToList();
            var datasets = await db.Datasets.AsNoTracking().Include(d => d.Versions)
                .Where(d => ids.Contains(d.Id)).AsSplitQuery().ToDictionaryAsync(d => d.Id, ct);
            var policies = await db.DatasetAccessPolicies.AsNoTracking()
                .Where(p => ids.Contains(p.DatasetId)).ToDictionaryAsync(p => p.DatasetId, ct);
            for (var i = 0; i < input.Datasets.Count; i++)
            {
                var item = Item(actor.Identity, request, input.Datasets[i], $"datasets[{i}]", datasets.GetValueOrDefault(input.Datasets[i].DatasetId), policies);
                if (!item.Succeeded)
                {
                    return item.Problem;
                }

                request.Datasets.Add(item.Value);
            }

            db.AccessRequests.Add(request);
            Notify(request);
            scope.Audit(actor.Audit(AuditActions.AccessRequestSubmitted) with
            {
                TenantSlug = request.TenantSlug,
                TargetType = "access-request",
                TargetId = request.Id.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["datasets"] = string.Join(',', request.Datasets.Select(d => d.DatasetId)),
                    ["requestedDays"] = request.RequestedDays.ToString(CultureInfo.InvariantCulture),
                    ["duoCodes"] = string.Join(',', request.DuoCodes),
                },
            });
            return request;
        }, cancellationToken);
    }

    private static AccessRequest New(Actor actor, Tenant tenant, AccessRequestContent content, DateTimeOffset now)
    {
        var request = new AccessRequest
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Id,
            TenantSlug = tenant.Slug,
            RequesterSubject = actor.Subject,
            RequesterName = actor.Identity.Name,
            Title = content.Title,
            Purpose = content.Purpose,
            Status = AccessRequestStatus.Submitted,
            Revision = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        content.ApplyTo(request);
        return request;
    }

    /// <summary>
    /// One wanted dataset as a request item: it must be visible (else it does not exist), not
    /// invalidated, published, in the version asked for. The data holder's rule is the dataset's
    /// policy, else derived from the version's terms of use.
    /// </summary>
    internal static Outcome<AccessRequestDataset> Item(
        PlatformIdentity caller, AccessRequest request, WantedDataset wanted, string field, Dataset? dataset,
        IReadOnlyDictionary<Guid, DatasetAccessPolicy> policies)
    {
        if (dataset is null || !AccessVisibility.Sees(caller, dataset))
        {
            return Problem.NotFound("dataset", wanted.DatasetId, hidesExisting: dataset is not null);
        }

        if (dataset.State == DatasetState.Invalidated)
        {
            return Problem.Invalid(field, $"Dataset {dataset.Id} is invalidated ({dataset.InvalidationReason}): it can no longer be requested.");
        }

        if (!dataset.WasEverPublished)
        {
            return Problem.Invalid(field, $"Dataset {dataset.Id} is not published yet: only published datasets can be requested.");
        }

        var version = dataset.Versions.FirstOrDefault(v =>
            v.Status == DatasetVersionStatus.Published && v.Number == (wanted.Version ?? dataset.LatestVersion));
        if (version is null)
        {
            return Problem.Invalid($"{field}.version", $"Dataset {dataset.Id} has no published version {wanted.Version}.");
        }

        return new AccessRequestDataset
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
        };
    }

    private void Notify(AccessRequest request)
    {
        notifier.Notify(NotificationRecipients.AccessCommittee, AuditActions.AccessRequestSubmitted,
            $"New access request '{request.Title}' from tenant {request.TenantSlug} for {request.Datasets.Count} dataset(s).", request.Id);
        foreach (var organization in request.Datasets.Where(d => d.RequiresDataHolderApproval).Select(d => d.OrganizationKey).Distinct())
        {
            notifier.Notify(NotificationRecipients.Organization(organization), AuditActions.AccessRequestSubmitted,
                $"Access request '{request.Title}' from tenant {request.TenantSlug} needs your organization's decision.", request.Id);
        }
    }
}
