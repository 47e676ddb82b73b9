using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>
/// The dispatcher on Kubernetes with two tenants: what the API server answers for one tenant's job
/// (refused for good, or not answering) is that job's alone, and the other tenant's job is launched in
/// the same passes. The launched pod's token is then exchanged at the real Api for the links its helpers use.
/// </summary>
public sealed class KubernetesJobIsolationTests(KubernetesPlatformFixture fixture) : IClassFixture<KubernetesPlatformFixture>
{
    [Fact]
    public async Task A_job_the_cluster_refuses_fails_with_the_reason_and_another_tenants_job_starts_and_stages()
    {
        await using var s = await JobScenario.StartAsync(fixture.Platform);
        fixture.Cluster.Inject(new FakeKubernetesFault("POST", $"/namespaces/{TenantRules.Namespace(s.TenantB)}/jobs", FaultKind.Status, StatusCode: 422, Times: int.MaxValue)
        {
            Message = "spec.template.spec.containers[0].image: Invalid value: refused by the admission policy of this cluster",
        });
        try
        {
            var image = await PinnedImageAsync(s);
            var broken = await SubmitAsync(s.Rob, Job(s.TenantB, image, []));
            var healthy = await SubmitAsync(s.Rita, Job(s.TenantA, image, [s.DatasetId]));

            var failed = await JobScenario.WaitForAsync(s.Rob, broken, j => JobScenario.Status(j) == "Failed");
            Assert.Contains("Could not start: Kubernetes refused the job (422)", Reason(failed));
            Assert.Contains("refused by the admission policy of this cluster", Reason(failed));

            await JobScenario.WaitForAsync(s.Rita, healthy, Launched);
            await AssertLaunchedAndStagesAsync(s, healthy);
        }
        finally
        {
            fixture.Cluster.ClearFaults();
        }
    }

    [Fact]
    public async Task A_tenant_whose_cluster_calls_fail_keeps_its_job_queued_with_the_reason_while_another_tenants_job_starts()
    {
        await using var s = await JobScenario.StartAsync(fixture.Platform);
        fixture.Cluster.Inject(new FakeKubernetesFault("POST", $"/namespaces/{TenantRules.Namespace(s.TenantB)}/jobs", FaultKind.Status, StatusCode: 503, Times: int.MaxValue));
        try
        {
            var image = await PinnedImageAsync(s);
            var waiting = await SubmitAsync(s.Rob, Job(s.TenantB, image, []));
            var healthy = await SubmitAsync(s.Rita, Job(s.TenantA, image, [s.DatasetId]));

            var queued = await JobScenario.WaitForAsync(s.Rob, waiting, j => JobScenario.Status(j) == "Queued" && Reason(j).Contains("(503)", StringComparison.Ordinal));
            Assert.Contains("Kubernetes API unavailable (503): waiting for it to answer again.", Reason(queued));
            await JobScenario.WaitForAsync(s.Rita, healthy, Launched);
            await AssertLaunchedAndStagesAsync(s, healthy);

            // The API server answers again: the waiting job goes out on a following pass, nothing lost.
            fixture.Cluster.ClearFaults();
            await JobScenario.WaitForAsync(s.Rob, waiting, Launched);
            using var client = fixture.Cluster.CreateClient();
            Assert.NotNull(await client.BatchV1.ReadNamespacedJobAsync($"eucaim-job-{waiting:N}", TenantRules.Namespace(s.TenantB)));
        }
        finally
        {
            fixture.Cluster.ClearFaults();
        }
    }

    /// <summary>A cluster runs only images pinned by digest: alba allow-lists one for the test.</summary>
    private static async Task<string> PinnedImageAsync(JobScenario s)
    {
        var reference = $"registry.example.org/eucaim/isolation:{Guid.NewGuid():N}";
        await ReadAsync(await s.Alba.PostAsJsonAsync("/api/job-images", new { reference, digest = $"sha256:{new string('a', 64)}" }), HttpStatusCode.Created);
        return reference;
    }

    private static object Job(string tenant, string image, Guid[] datasets) => new
    {
        tenant,
        name = $"isolated-{tenant}",
        image,
        arguments = Array.Empty<string>(),
        flavor = JobScenario.Flavor,
        datasets,
    };

    private static async Task<Guid> SubmitAsync(HttpClient client, object job) =>
        (await ReadAsync(await client.PostAsJsonAsync("/api/jobs", job), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Claimed (Starting, "Staging datasets and starting.") is saved before the backend hears of the job; launched is after.</summary>
    private static bool Launched(JsonElement job) => JobScenario.Status(job) == "Starting" && Reason(job) != "Staging datasets and starting.";

    private static string Reason(JsonElement job) => job.GetProperty("reason").GetString() ?? "";

    /// <summary>
    /// The Job and its token Secret are in the tenant's namespace; the token, exchanged at the Api as the
    /// pod's init container does, gives read links to every file of the granted dataset (real DICOM) and
    /// the one upload link of the outputs.
    /// </summary>
    private async Task AssertLaunchedAndStagesAsync(JobScenario s, Guid jobId)
    {
        using var client = fixture.Cluster.CreateClient();
        var ns = TenantRules.Namespace(s.TenantA);
        var job = await client.BatchV1.ReadNamespacedJobAsync($"eucaim-job-{jobId:N}", ns);
        Assert.Equal(jobId.ToString(), job.Metadata.Labels["eucaim.eu/job-id"]);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync($"eucaim-job-{jobId:N}-staging", ns);
        var token = secret.StringData?["token"] ?? System.Text.Encoding.UTF8.GetString(secret.Data["token"]);

        using var api = fixture.Platform.Platform.CreateApiClient();
        var datasets = await ExchangeAsync(api, jobId, StagingPurpose.Datasets, token);
        var dataset = Assert.Single(datasets.Datasets);
        Assert.Equal(s.DatasetId, dataset.Manifest.DatasetId);
        // One link a blob: the files of a pack share it and read their own range of it, as the pod's stager does.
        Assert.Equal(dataset.Manifest.Files.Select(f => f.Bytes.Blob).Distinct().Count(), dataset.Urls.Count);
        Assert.NotEmpty(dataset.Urls);
        var first = dataset.Manifest.Files[0];
        await using var content = await first.Bytes.OpenAsync(new Azure.Storage.Blobs.BlobClient(dataset.Urls[first.Bytes.Blob]));
        using var file = new MemoryStream();
        await content.CopyToAsync(file);
        Assert.Equal(first.Size, file.Length);
        Assert.Equal("DICM"u8.ToArray(), file.ToArray()[128..132]);

        var outputs = await ExchangeAsync(api, jobId, StagingPurpose.Outputs, token);
        Assert.Empty(outputs.Datasets);
        Assert.NotNull(outputs.OutputUpload);

        // Someone else's token for the same job is no key.
        using var wrong = new HttpRequestMessage(HttpMethod.Post, StagingLinks.Path(jobId, StagingPurpose.Datasets));
        wrong.Headers.Add(StagingLinks.TokenHeader, token[..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(wrong)).StatusCode);
    }

    private static async Task<StagingLinks> ExchangeAsync(HttpClient api, Guid jobId, StagingPurpose purpose, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, StagingLinks.Path(jobId, purpose));
        request.Headers.Add(StagingLinks.TokenHeader, token);
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{purpose}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<StagingLinks>(body, StagingLinks.Json)!;
    }
}
