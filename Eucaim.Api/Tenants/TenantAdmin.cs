using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Eucaim.Api.Tenants;

/// <summary>
/// The admin actions on tenants. Each one changes the desired state, bumps the generation, records
/// a <see cref="TenantEvent"/> in the same transaction and wakes the provisioner.
/// </summary>
internal static class TenantAdmin
{
    public static async Task<Results<Created<TenantResponse>, ValidationProblem>> CreateAsync(
        CreateTenantRequest request, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = TenantRules.Validate(request.Slug ?? "", request.Name ?? "", request.LsLoginGroup, request.Quota?.ToQuota(), request.Members);
        if (request.Quota is null)
        {
            errors["quota"] = ["quota is required."];
        }

        await CheckFlavorsAsync(db, request.AllowedFlavors, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return TenantProblems.Invalid(errors);
        }

        var slug = request.Slug!;
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            return DuplicateSlug(slug);
        }

        var actor = PlatformIdentity.From(http.User).Subject!;
        var now = clock.GetUtcNow();
        var tenant = new Tenant
        {
            Id = Guid.CreateVersion7(),
            Slug = slug,
            Name = request.Name!.Trim(),
            LsLoginGroup = request.LsLoginGroup,
            State = TenantState.Active,
            Quota = request.Quota!.ToQuota(),
            AllowedFlavors = Distinct(request.AllowedFlavors),
            Members = [.. Distinct(request.Members).Select(s => new TenantMember { Subject = s, AddedAt = now, AddedBy = actor })],
            Generation = 1,
            NextReconcileAt = now,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        db.Tenants.Add(tenant);
        db.TenantEvents.Add(TenantEventActions.For(tenant, actor, TenantEventActions.Created, Snapshot(tenant), now));
        try
        {
            await SaveAndNotifyAsync(db, tenant.Slug, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two admins creating the same slug at once: the loser gets the same answer as a late one.
            return DuplicateSlug(slug);
        }

        return TypedResults.Created($"/api/tenants/{tenant.Slug}", TenantResponse.From(tenant, withMembers: true));
    }

    public static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string tenant, UpdateTenantRequest request, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = TenantRules.Validate(null, request.Name ?? "", request.LsLoginGroup, request.Quota?.ToQuota(), request.Members);
        if (request.Quota is null)
        {
            errors["quota"] = ["quota is required."];
        }

        await CheckFlavorsAsync(db, request.AllowedFlavors, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return TenantProblems.Invalid(errors);
        }

        var identity = PlatformIdentity.From(http.User);
        return await RetryOnConflictAsync(db, () => ApplyUpdateAsync(tenant, request, identity, db, clock, cancellationToken));
    }

    private static async Task<Results<Ok<TenantResponse>, ValidationProblem, ProblemHttpResult>> ApplyUpdateAsync(
        string tenant, UpdateTenantRequest request, PlatformIdentity identity, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, identity, tenant, tracking: true, cancellationToken);
        if (row is null)
        {
            return TenantProblems.TenantNotFound(tenant);
        }

        if (row.State == TenantState.Deleting)
        {
            return TenantProblems.Conflict($"Tenant '{row.Slug}' is being deleted.");
        }

        var now = clock.GetUtcNow();
        row.Name = request.Name!.Trim();
        row.LsLoginGroup = request.LsLoginGroup;
        row.Quota = request.Quota!.ToQuota();
        row.AllowedFlavors = Distinct(request.AllowedFlavors);
        var wanted = Distinct(request.Members).ToHashSet(StringComparer.Ordinal);
        row.Members.RemoveAll(m => !wanted.Contains(m.Subject));
        foreach (var subject in wanted.Where(s => row.Members.All(m => m.Subject != s)))
        {
            row.Members.Add(new TenantMember { TenantId = row.Id, Subject = subject, AddedAt = now, AddedBy = identity.Subject! });
        }

        Touch(row, identity.Subject!, now);
        db.TenantEvents.Add(TenantEventActions.For(row, identity.Subject!, TenantEventActions.Updated, Snapshot(row), now));
        await SaveAndNotifyAsync(db, row.Slug, cancellationToken);
        return TypedResults.Ok(TenantResponse.From(row, withMembers: true));
    }

    public static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SuspendAsync(
        string tenant, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeStateAsync(tenant, TenantState.Suspended, TenantEventActions.Suspended, http, db, clock, cancellationToken);

    public static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ResumeAsync(
        string tenant, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeStateAsync(tenant, TenantState.Active, TenantEventActions.Resumed, http, db, clock, cancellationToken);

    /// <summary>Marks the tenant for deletion; the provisioner stops its jobs, removes its namespace or sandbox, then the row.</summary>
    public static async Task<Results<Accepted<TenantResponse>, ProblemHttpResult>> DeleteAsync(
        string tenant, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var result = await ChangeStateAsync(tenant, TenantState.Deleting, TenantEventActions.DeleteRequested, http, db, clock, cancellationToken);
        return result.Result switch
        {
            Ok<TenantResponse> ok => TypedResults.Accepted($"/api/tenants/{ok.Value!.Slug}", ok.Value),
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected result."),
        };
    }

    private static Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ChangeStateAsync(
        string tenant, TenantState state, string action, HttpContext http, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var identity = PlatformIdentity.From(http.User);
        return RetryOnConflictAsync(db, () => ApplyStateAsync(tenant, state, action, identity, db, clock, cancellationToken));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> ApplyStateAsync(
        string tenant, TenantState state, string action, PlatformIdentity identity, EucaimDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = await TenantLookup.FindVisibleAsync(db, identity, tenant, tracking: true, cancellationToken);
        if (row is null)
        {
            return TenantProblems.TenantNotFound(tenant);
        }

        if (row.State == TenantState.Deleting && state != TenantState.Deleting)
        {
            return TenantProblems.Conflict($"Tenant '{row.Slug}' is being deleted.");
        }

        if (row.State == state)
        {
            // Repeating an action is harmless and changes nothing, so it records nothing.
            return TypedResults.Ok(TenantResponse.From(row, withMembers: true));
        }

        var now = clock.GetUtcNow();
        row.State = state;
        Touch(row, identity.Subject!, now);
        db.TenantEvents.Add(TenantEventActions.For(row, identity.Subject!, action, Snapshot(row), now));
        await SaveAndNotifyAsync(db, row.Slug, cancellationToken);
        return TypedResults.Ok(TenantResponse.From(row, withMembers: true));
    }

    /// <summary>
    /// The provisioner writes status on the same row (guarded by xmin): when it did so between our
    /// read and our save, read the row again and reapply the admin's change rather than fail.
    /// </summary>
    private static async Task<T> RetryOnConflictAsync<T>(EucaimDbContext db, Func<Task<T>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await change();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static void Touch(Tenant row, string actor, DateTimeOffset now)
    {
        row.Generation++;
        row.UpdatedAt = now;
        row.UpdatedBy = actor;
        row.NextReconcileAt = now;
        row.FailedAttempts = 0;
    }

    /// <summary>
    /// Saves the change and its event in one transaction (SaveChanges), then wakes the provisioner.
    /// The notification is a hint: a lost one only delays provisioning until the next poll.
    /// </summary>
    private static async Task SaveAndNotifyAsync(EucaimDbContext db, string slug, CancellationToken cancellationToken)
    {
        await db.SaveChangesWithAuditAsync(Audit.AdminAudit.ForTenantEvents(db), cancellationToken);
        await TenantChanges.NotifyAsync(db, slug, cancellationToken);
    }

    private static async Task CheckFlavorsAsync(EucaimDbContext db, List<string>? names, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var wanted = Distinct(names);
        if (wanted.Count == 0)
        {
            return;
        }

        var known = await db.Flavors.Where(f => wanted.Contains(f.Name)).Select(f => f.Name).ToListAsync(cancellationToken);
        var unknown = wanted.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            errors["allowedFlavors"] = [$"Unknown flavor(s): {string.Join(", ", unknown)}."];
        }
    }

    private static ValidationProblem DuplicateSlug(string slug) =>
        TenantProblems.Invalid("slug", $"A tenant with slug '{slug}' already exists.");

    private static List<string> Distinct(List<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal)];

    /// <summary>The desired state after an action, as recorded in the event.</summary>
    private static object Snapshot(Tenant t) => new
    {
        t.Slug,
        t.Name,
        t.LsLoginGroup,
        State = t.State.ToString().ToLowerInvariant(),
        t.Quota,
        t.AllowedFlavors,
        Members = t.Members.Select(m => m.Subject).Order(StringComparer.Ordinal).ToList(),
        t.Generation,
    };
}
