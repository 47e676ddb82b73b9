using Eucaim.Core.Platform;
using Eucaim.Core.Tenants;

namespace Eucaim.Core.Tests.Tenants;

/// <summary>What an admin's tenant change must be: a valid desired state with known flavors, and state moves that make sense.</summary>
public sealed class TenantChangeRulesTests
{
    private static readonly TenantQuota Quota = new() { Gpus = 1, CpuCores = 4, MemoryGib = 16, StorageGib = 10, ConcurrentJobs = 2, MaxJobRuntimeMinutes = 60 };

    private static TenantDraft Draft() => new("tenant-a", "Tenant A", "urn:geant:lifescience-ri.eu:group:tenant-a", Quota, ["small-gpu"], ["member-sub"]);

    [Fact]
    public void A_complete_draft_with_known_flavors_is_valid()
    {
        Assert.Empty(TenantChangeRules.Validate(Draft(), creating: true, ["small-gpu"]));
    }

    [Fact]
    public void Creating_requires_a_slug_that_is_a_dns_label_and_updating_ignores_it()
    {
        Assert.Contains("slug", TenantChangeRules.Validate(Draft() with { Slug = "Tenant_A" }, creating: true, ["small-gpu"]).Keys);
        Assert.Contains("slug", TenantChangeRules.Validate(Draft() with { Slug = null }, creating: true, ["small-gpu"]).Keys);
        Assert.Empty(TenantChangeRules.Validate(Draft() with { Slug = null }, creating: false, ["small-gpu"]));
    }

    [Fact]
    public void A_missing_quota_and_unknown_flavors_are_named_by_field()
    {
        var errors = TenantChangeRules.Validate(Draft() with { Quota = null, AllowedFlavors = ["small-gpu", "huge", "huge"] }, creating: true, ["small-gpu"]);

        Assert.Equal(["quota is required."], errors["quota"]);
        Assert.Equal(["Unknown flavor(s): huge."], errors["allowedFlavors"]);
    }

    [Fact]
    public void Quota_limits_are_finite_and_a_job_runtime_at_least_a_minute()
    {
        var quota = new TenantQuota { Gpus = TenantRules.MaxGpus + 1, CpuCores = 4, MemoryGib = 16, StorageGib = 10, ConcurrentJobs = -1, MaxJobRuntimeMinutes = 0 };
        var errors = TenantChangeRules.Validate(Draft() with { Quota = quota }, creating: true, ["small-gpu"]);

        Assert.Equal(["quota.concurrentJobs", "quota.gpus", "quota.maxJobRuntimeMinutes"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Names_members_and_group_are_checked()
    {
        var errors = TenantChangeRules.Validate(Draft() with { Name = " ", LsLoginGroup = "not a urn", Members = [""] }, creating: false, []);

        Assert.Equal(["allowedFlavors", "lsLoginGroup", "members", "name"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Blank_and_repeated_values_are_dropped_in_first_order()
    {
        Assert.Equal(["b", "a"], TenantChangeRules.Distinct(["b", " ", "a", "b"]));
        Assert.Empty(TenantChangeRules.Distinct(null));
    }

    [Theory]
    [InlineData(TenantState.Active, TenantState.Suspended, true)]
    [InlineData(TenantState.Suspended, TenantState.Active, true)]
    [InlineData(TenantState.Active, TenantState.Deleting, true)]
    [InlineData(TenantState.Suspended, TenantState.Suspended, false)]
    [InlineData(TenantState.Deleting, TenantState.Deleting, false)]
    public void Suspend_resume_and_delete_change_the_state_once(TenantState current, TenantState wanted, bool changes)
    {
        var outcome = TenantChangeRules.StateChange("tenant-a", current, wanted);
        Assert.True(outcome.Succeeded);
        Assert.Equal(changes, outcome.Value);
    }

    [Theory]
    [InlineData(TenantState.Active)]
    [InlineData(TenantState.Suspended)]
    public void A_tenant_being_deleted_cannot_be_suspended_or_resumed(TenantState wanted)
    {
        var outcome = TenantChangeRules.StateChange("tenant-a", TenantState.Deleting, wanted);

        Assert.False(outcome.Succeeded);
        Assert.Equal(ProblemKind.Conflict, outcome.Problem.Kind);
        Assert.Equal("Tenant 'tenant-a' is being deleted.", outcome.Problem.Detail);
    }

    [Fact]
    public void Each_admin_state_has_its_event_action()
    {
        Assert.Equal(TenantEventActions.Suspended, TenantChangeRules.StateAction(TenantState.Suspended));
        Assert.Equal(TenantEventActions.Resumed, TenantChangeRules.StateAction(TenantState.Active));
        Assert.Equal(TenantEventActions.DeleteRequested, TenantChangeRules.StateAction(TenantState.Deleting));
    }

    [Fact]
    public void A_change_bumps_the_generation_and_asks_for_a_reconcile_now()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var tenant = new Tenant { Slug = "tenant-a", Name = "A", Quota = Quota, CreatedBy = "x", UpdatedBy = "x", Generation = 3, FailedAttempts = 4 };

        TenantChangeRules.Touch(tenant, "admin-sub", now);

        Assert.Equal((4L, now, "admin-sub", now, 0), (tenant.Generation, tenant.UpdatedAt, tenant.UpdatedBy, tenant.NextReconcileAt, tenant.FailedAttempts));
    }

    [Fact]
    public void Validation_problems_keep_the_tenant_api_title()
    {
        var problem = TenantProblems.DuplicateSlug("tenant-a");

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal("Invalid request.", problem.Title);
        Assert.Equal(["A tenant with slug 'tenant-a' already exists."], problem.Errors!["slug"]);
    }
}
