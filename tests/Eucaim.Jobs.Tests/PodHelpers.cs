using System.Text;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// A job pod's two helpers as the kubelet would run them: the token file comes from the job's Secret
/// on the (fake) API server, the exchange URLs from the helper containers' arguments in the Job.
/// </summary>
internal sealed class PodHelpers(HttpClient http, string tokenFile, Uri? stageUrl, Uri uploadUrl)
{
    public static async Task<PodHelpers> FromSecretAsync(KubernetesBackendHarness harness, Job job, string folder)
    {
        using var client = harness.Server.CreateClient();
        var secret = await client.CoreV1.ReadNamespacedSecretAsync(KubernetesJobManifests.SecretName(job.Id), "eucaim-tenant-a");
        var token = secret.StringData?.TryGetValue(KubernetesJobManifests.TokenFile, out var text) == true ? text : Encoding.UTF8.GetString(secret.Data[KubernetesJobManifests.TokenFile]);
        var tokenFile = Path.Combine(folder, "token");
        await File.WriteAllTextAsync(tokenFile, token);
        var pod = (await client.BatchV1.ReadNamespacedJobAsync(KubernetesJobManifests.JobName(job.Id), "eucaim-tenant-a")).Spec.Template.Spec;
        // A job without datasets has no staging container.
        Uri? ArgsOf(string container) => pod.InitContainers.SingleOrDefault(c => c.Name == container) is { } helper ? new(helper.Args[1]) : null;
        return new PodHelpers(new HttpClient(), tokenFile, ArgsOf(KubernetesJobManifests.StagingContainer), ArgsOf(KubernetesJobManifests.OutputContainer)!);
    }

    public string TokenFile => tokenFile;

    public Task<int> StageAsync(string target) => PodTools.StageAsync(Exchange(StagingPurpose.Datasets), target, CancellationToken.None);

    public Task<StagingLinks> ExchangeAsync(StagingPurpose purpose) => Exchange(purpose).ExchangeAsync(CancellationToken.None);

    /// <summary>An exchange that gives up at once, for tests of refusals.</summary>
    public StagingExchange Exchange(StagingPurpose purpose, TimeSpan? patience = null) =>
        new(http, purpose == StagingPurpose.Datasets ? stageUrl ?? throw new InvalidOperationException("The job stages no dataset.") : uploadUrl, tokenFile, patience ?? TimeSpan.FromSeconds(30));
}
