using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Tenants;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>Bad job requests get a problem document naming each broken rule; a dry run lists them all; nothing is stored.</summary>
[Collection(PlatformCollection.Name)]
public sealed class JobRefusalTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_dry_run_explains_every_refusal_at_once_and_each_rule_has_its_status()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 1);
        await TenantRequests.EnsureFlavorAsync(s.Alba, "jobs-other", gpus: 0);

        var everything = await s.Rita.PostAsJsonAsync("/api/jobs", new
        {
            tenant = s.TenantA,
            name = "Bad_Name",
            image = "registry.example.org/not/allowed:1",
            environment = new Dictionary<string, string> { ["DB_PASSWORD"] = "x", ["1BAD"] = "y", ["EUCAIM_OUTPUT"] = "/elsewhere" },
            flavor = "no-such-flavor",
            datasets = new[] { Guid.NewGuid() },
            maxRuntimeMinutes = 100000,
            dryRun = true,
        });
        var problem = await ReadAsync(everything, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", everything.Content.Headers.ContentType?.MediaType);
        var rules = Rules(problem);
        foreach (var rule in new[] { "name-dns-label", "image-not-allowed", "flavor-unknown", "environment-no-secrets", "environment-name", "environment-reserved", "dataset-no-grant", "runtime-over-tenant-maximum" })
        {
            Assert.Contains(rule, rules);
        }

        Assert.True(problem.GetProperty("errors").TryGetProperty("environment.DB_PASSWORD", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("datasets[0]", out _));

        await AssertRefusedAsync(s, HttpStatusCode.Forbidden, "dataset-no-grant", "datasets[0]", new
        {
            tenant = s.TenantA, name = "no-grant", image = JobScenario.SampleImage, flavor = JobScenario.Flavor, datasets = new[] { Guid.NewGuid() },
        });
        await AssertRefusedAsync(s, HttpStatusCode.Conflict, "quota-gpus", "flavor", new
        {
            tenant = s.TenantA, name = "too-many-gpus", image = JobScenario.SampleImage, flavor = "jobs-gpu4", datasets = new[] { s.DatasetId },
        });
        await AssertRefusedAsync(s, HttpStatusCode.BadRequest, "runtime-over-flavor-maximum", "maxRuntimeMinutes", new
        {
            tenant = s.TenantA, name = "too-long", image = JobScenario.SampleImage, flavor = JobScenario.Flavor, datasets = new[] { s.DatasetId }, maxRuntimeMinutes = 721,
        });
        await AssertRefusedAsync(s, HttpStatusCode.Forbidden, "flavor-not-allowed", "flavor", new
        {
            tenant = s.TenantA, name = "other-flavor", image = JobScenario.SampleImage, flavor = "jobs-other", datasets = new[] { s.DatasetId },
        });
        await AssertRefusedAsync(s, HttpStatusCode.BadRequest, "image-not-allowed", "image", new
        {
            tenant = s.TenantA, name = "unlisted", image = "docker.io/library/alpine:3", flavor = JobScenario.Flavor,
        });
        await AssertRefusedAsync(s, HttpStatusCode.BadRequest, "environment-no-secrets", "environment.AWS_SECRET_ACCESS_KEY", new
        {
            tenant = s.TenantA, name = "secret", image = JobScenario.SampleImage, flavor = JobScenario.Flavor,
            environment = new Dictionary<string, string> { ["AWS_SECRET_ACCESS_KEY"] = "abc" },
        });

        // None of the refused submissions left a job behind.
        Assert.Empty((await s.Rita.GetFromJsonAsync<JsonElement>($"/api/jobs?tenant={s.TenantA}")).EnumerateArray());

        // The image allow-list is the admins': a researcher cannot add to it.
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Rita.PostAsJsonAsync("/api/job-images", new { reference = "docker.io/library/alpine:3" })).StatusCode);
        var images = await s.Rita.GetFromJsonAsync<JsonElement>("/api/job-images");
        Assert.Contains(images.EnumerateArray(), i => i.GetProperty("reference").GetString() == JobScenario.SampleImage);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Alba.PostAsJsonAsync("/api/job-images", new { reference = "registry.example.org/model:1", digest = "sha256:short" })).StatusCode);
    }

    private static async Task AssertRefusedAsync(JobScenario s, HttpStatusCode status, string rule, string field, object body)
    {
        var problem = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/jobs", body), status);
        Assert.Contains(rule, Rules(problem));
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{rule}: no error on {field}: {problem}");
    }

    private static string[] Rules(JsonElement problem) =>
        [.. problem.GetProperty("refusals").EnumerateArray().Select(r => r.GetProperty("rule").GetString()!)];
}
