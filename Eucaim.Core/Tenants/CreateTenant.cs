using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Tenants;

/// <summary>An admin creates a tenant: its desired state at generation 1, provisioned at once.</summary>
public sealed class CreateTenant(UnitOfWork uow)
{
    public async Task<Outcome<Tenant>> RunAsync(Actor actor, TenantDraft draft, CancellationToken cancellationToken)
    {
        var errors = TenantChangeRules.Validate(draft, creating: true, await TenantFlavors.KnownAsync(uow.Db, draft.AllowedFlavors, cancellationToken));
        if (errors.Count > 0 || draft is not { Slug: { } slug, Name: { } name, Quota: { } quota })
        {
            return TenantProblems.Invalid(errors);
        }

        // Two admins creating the same slug at once: the loser gets the same answer as a late one.
        return await uow.RunAsync<Tenant>(async (scope, ct) =>
        {
            if (await scope.Db.Tenants.AnyAsync(t => t.Slug == slug, ct))
            {
                return TenantProblems.DuplicateSlug(slug);
            }

            var now = scope.Now;
            var tenant = new Tenant
            {
                Id = Guid.CreateVersion7(),
                Slug = slug,
                Name = name.Trim(),
                LsLoginGroup = draft.LsLoginGroup,
                State = TenantState.Active,
                Quota = quota,
                AllowedFlavors = TenantChangeRules.Distinct(draft.AllowedFlavors),
                Members = [.. TenantChangeRules.Distinct(draft.Members).Select(s => new TenantMember { Subject = s, AddedAt = now, AddedBy = actor.Subject })],
                Generation = 1,
                NextReconcileAt = now,
                CreatedAt = now,
                CreatedBy = actor.Subject,
                UpdatedAt = now,
                UpdatedBy = actor.Subject,
            };
            scope.Db.Tenants.Add(tenant);
            await TenantAdminEvents.RecordAsync(scope, tenant, actor.Subject, TenantEventActions.Created, ct);
            return tenant;
        }, cancellationToken, lostRace: () => TenantProblems.DuplicateSlug(slug));
    }
}
