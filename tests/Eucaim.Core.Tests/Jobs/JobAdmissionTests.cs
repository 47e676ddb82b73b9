using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;
using Eucaim.Core.Tenants;
using static Eucaim.Core.Tests.Jobs.JobFixtures;

namespace Eucaim.Core.Tests.Jobs;

/// <summary>Every rule a job submission must pass, one refusal at a time, and all of them at once.</summary>
public sealed class JobAdmissionTests
{
    private static IReadOnlyList<JobRefusal> Refusals(JobDraft draft, JobAdmission.Facts facts, Tenant? tenant = null)
    {
        var (job, refusals) = JobAdmission.Evaluate(draft, tenant ?? Tenant(), facts, "member-sub", Now);
        Assert.Equal(refusals.Count == 0, job is not null);
        return refusals;
    }

    private static JobRefusal Single(JobDraft draft, JobAdmission.Facts facts, Tenant? tenant = null) => Assert.Single(Refusals(draft, facts, tenant));

    [Fact]
    public void A_valid_draft_becomes_a_queued_job_with_its_granted_versions()
    {
        var (job, refusals) = JobAdmission.Evaluate(Draft(), Tenant(), Facts(), "member-sub", Now);

        Assert.Empty(refusals);
        Assert.NotNull(job);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal("tenant-a", job.TenantSlug);
        Assert.Equal(1, job.GpuCount);
        Assert.Equal(60, job.MaxRuntimeMinutes);
        var dataset = Assert.Single(job.Datasets);
        Assert.Equal(2, dataset.Version);
        Assert.Equal(JobRules.MountName(DatasetA), dataset.MountName);
        Assert.Equal(Now, job.SubmittedAt);
    }

    [Fact]
    public void An_image_that_is_not_allow_listed_is_refused()
    {
        var refusal = Single(Draft(), Facts() with { Image = null });
        Assert.Equal(("image", "image-not-allowed", 400), (refusal.Field, refusal.Rule, refusal.Status));
        Assert.Equal("image-required", Single(Draft() with { Image = " " }, Facts() with { Image = null }).Rule);
    }

    [Fact]
    public void An_unknown_flavor_is_invalid_and_one_the_tenant_may_not_use_is_forbidden()
    {
        var unknown = Single(Draft() with { Flavor = "huge" }, Facts() with { Flavor = null });
        Assert.Equal(("flavor", "flavor-unknown", 400), (unknown.Field, unknown.Rule, unknown.Status));

        var notAllowed = Single(Draft() with { Flavor = "other" }, Facts() with { Flavor = Flavor("other", maxRuntime: 120) });
        Assert.Equal(("flavor", "flavor-not-allowed", 403), (notAllowed.Field, notAllowed.Rule, notAllowed.Status));
        Assert.Equal("flavor-required", Single(Draft() with { Flavor = null }, Facts() with { Flavor = null }).Rule);
    }

    [Fact]
    public void A_runtime_over_the_flavor_maximum_is_invalid_and_over_the_tenant_maximum_a_conflict()
    {
        var overFlavor = Single(Draft() with { MaxRuntimeMinutes = 121 }, Facts());
        Assert.Equal(("maxRuntimeMinutes", "runtime-over-flavor-maximum", 400), (overFlavor.Field, overFlavor.Rule, overFlavor.Status));

        var overTenant = Single(Draft() with { MaxRuntimeMinutes = 100 }, Facts(), Tenant(maxRuntime: 90));
        Assert.Equal(("runtime-over-tenant-maximum", 409), (overTenant.Rule, overTenant.Status));

        Assert.Equal("runtime-positive", Single(Draft() with { MaxRuntimeMinutes = 0 }, Facts()).Rule);
    }

    [Fact]
    public void Without_a_runtime_the_job_gets_the_flavor_maximum_capped_by_the_tenant()
    {
        Assert.Equal(120, JobAdmission.Runtime(null, Flavor(maxRuntime: 120), Tenant().Quota));
        Assert.Equal(90, JobAdmission.Runtime(null, Flavor(maxRuntime: 120), Tenant(maxRuntime: 90).Quota));
        Assert.Equal(60, JobAdmission.Runtime(null, null, Tenant().Quota));
        Assert.Equal(30, JobAdmission.Runtime(30, Flavor(), Tenant().Quota));
    }

    [Fact]
    public void A_dataset_without_an_active_grant_is_forbidden_and_one_never_published_a_conflict()
    {
        var noGrant = Single(Draft(), Facts() with { Grants = [null] });
        Assert.Equal(("datasets[0]", "dataset-no-grant", 403), (noGrant.Field, noGrant.Rule, noGrant.Status));

        var unpublished = Single(Draft(), Facts() with { Grants = [new ActiveGrant(Guid.NewGuid(), 0)] });
        Assert.Equal(("dataset-not-published", 409), (unpublished.Rule, unpublished.Status));
    }

    [Fact]
    public void Datasets_are_listed_once_and_at_most_sixteen()
    {
        Assert.Equal("datasets-unique", Single(Draft() with { Datasets = [DatasetA, DatasetA] }, Facts() with { Grants = [] }).Rule);
        var many = Enumerable.Range(0, JobRules.MaxDatasets + 1).Select(_ => Guid.NewGuid()).ToList();
        Assert.Equal("datasets-count", Single(Draft() with { Datasets = many }, Facts() with { Grants = [] }).Rule);
        Assert.False(JobAdmission.DatasetsAreListable(many));
        Assert.False(JobAdmission.DatasetsAreListable([DatasetA, DatasetA]));
        Assert.True(JobAdmission.DatasetsAreListable([DatasetA, DatasetB]));
        Assert.True(JobAdmission.DatasetsAreListable(null));
    }

    [Theory]
    [InlineData(TenantState.Suspended, 2, 2, 0, "tenant-not-active")]
    [InlineData(TenantState.Active, 0, 2, 0, "quota-gpus")]
    [InlineData(TenantState.Active, 2, 0, 0, "quota-concurrent-jobs")]
    [InlineData(TenantState.Active, 2, 2, JobRules.MaxQueuedPerTenant, "quota-queue")]
    public void Tenant_state_and_quota_refuse_as_conflicts(TenantState state, int gpus, int concurrent, int queued, string rule)
    {
        var refusal = Single(Draft(), Facts() with { Queued = queued }, Tenant(state, gpus, concurrent));
        Assert.Equal((rule, 409), (refusal.Rule, refusal.Status));
    }

    [Fact]
    public void Names_and_environment_are_checked_for_shape_reserved_names_and_secrets()
    {
        var draft = Draft() with
        {
            Name = "Not_A_Label",
            Environment = new Dictionary<string, string> { ["DB_PASSWORD"] = "x", ["1BAD"] = "y", ["EUCAIM_OUTPUT"] = "/elsewhere" },
        };
        var rules = Refusals(draft, Facts()).Select(r => (r.Field, r.Rule)).ToList();

        Assert.Equal(
            [("name", "name-dns-label"), ("environment.1BAD", "environment-name"), ("environment.DB_PASSWORD", "environment-no-secrets"), ("environment.EUCAIM_OUTPUT", "environment-reserved")],
            rules);
    }

    [Theory]
    [InlineData("NVIDIA_VISIBLE_DEVICES", "all")]
    [InlineData("NVIDIA_DRIVER_CAPABILITIES", "all")]
    [InlineData("NVIDIA_REQUIRE_CUDA", "cuda>=12")]
    [InlineData("nvidia_visible_devices", "all")]
    [InlineData("CUDA_VISIBLE_DEVICES", "0,1,2,3")]
    public void A_job_cannot_choose_its_gpus_or_driver_features_through_the_environment(string variable, string value)
    {
        var refusal = Single(Draft() with { Environment = new Dictionary<string, string> { [variable] = value } }, Facts());

        Assert.Equal(($"environment.{variable}", "environment-reserved", 400), (refusal.Field, refusal.Rule, refusal.Status));
        Assert.Contains(variable, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("device plugin", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_refusal_is_reported_at_once_and_the_problem_takes_the_first_class_that_applies()
    {
        var refusals = Refusals(Draft() with { Name = "", Flavor = "other" }, Facts() with { Flavor = Flavor("other"), Grants = [null] }, Tenant(TenantState.Suspended));
        Assert.Equal(["name-dns-label", "flavor-not-allowed", "dataset-no-grant", "tenant-not-active"], refusals.Select(r => r.Rule));

        var problem = JobProblems.Refused(refusals);
        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal("Invalid job.", problem.Title);
        Assert.Equal("name", problem.Extensions!["field"]);
        Assert.Equal("name-dns-label", problem.Extensions["rule"]);
        Assert.Null(problem.Errors);

        Assert.Equal(ProblemKind.Forbidden, JobProblems.Refused(refusals.Where(r => r.Status != 400).ToList()).Kind);
        Assert.Equal(ProblemKind.Conflict, JobProblems.Refused(refusals.Where(r => r.Status == 409).ToList()).Kind);
    }
}
