using System.Text;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>The Kubernetes job backend against the fake API server: launch, watch-driven status, logs, cancel, restart, outage, staging and outputs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KubernetesJobBackendTests(AzuriteFixture azurite)
{
    private const string Jobs = "/apis/batch/v1/namespaces/eucaim-tenant-a/jobs";
    private const string Pods = "/api/v1/namespaces/eucaim-tenant-a/pods";

    public static TheoryData<string, JobStatus, string, int?> Outcomes => new()
    {
        { "running", JobStatus.Running, "Running.", null },
        { "succeeded", JobStatus.Succeeded, "Completed.", 0 },
        { "image-pull", JobStatus.Failed, "ImagePullBackOff: container job: Back-off pulling image", null },
        { "oom", JobStatus.Failed, "OOMKilled: the job ran out of memory (exit code 137).", 137 },
        { "deadline", JobStatus.TimedOut, "DeadlineExceeded: Kubernetes stopped the job at its backstop deadline of 1480 minute(s) (queue timeout, maximum runtime and upload grace together).", null },
        { "saving-outputs", JobStatus.Running, "Saving outputs.", 0 },
        { "saving-outputs-after-failure", JobStatus.Running, "Saving outputs after the job failed: Exit code 3.", 3 },
        { "outputs-not-saved", JobStatus.Failed, "Saving the outputs failed (output sidecar exit code 137, killed at the end of the grace period).", 0 },
        { "evicted", JobStatus.Failed, "Evicted: The node was low on resource: ephemeral-storage.", null },
        { "exit-code", JobStatus.Failed, "Exit code 3.", 3 },
        { "unschedulable", JobStatus.Starting, "Unschedulable: 0/4 nodes are available: 4 Insufficient nvidia.com/gpu.", null },
        { "staging", JobStatus.Starting, "Staging datasets.", null },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Watch_events_map_to_the_status_reason_and_exit_code_a_researcher_sees(string outcome, JobStatus status, string reason, int? exitCode)
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync();
        var job = TestJobs.Job();
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        var pod = harness.Controller.CreatePod(job.Id);
        await KubernetesBackendHarness.ObserveUntilAsync(backend, job, o => o.Reason == "Starting.");

        var terminated = (int code, string why) => new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = code, Reason = why } };
        switch (outcome)
        {
            case "running":
                harness.Controller.Update(pod, s => { s.Phase = "Running"; s.ContainerStatuses = [FakeJobController.JobContainer(new V1ContainerState { Running = new V1ContainerStateRunning() })]; });
                break;
            case "succeeded":
                harness.Controller.Update(pod, s => { s.Phase = "Succeeded"; s.ContainerStatuses = [FakeJobController.JobContainer(terminated(0, "Completed"))]; });
                harness.Controller.SetJobCondition(job.Id, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
                break;
            case "image-pull":
                harness.Controller.Update(pod, s => s.ContainerStatuses = [FakeJobController.JobContainer(new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ImagePullBackOff", Message = "Back-off pulling image" } })]);
                break;
            case "oom":
                harness.Controller.Update(pod, s => { s.Phase = "Failed"; s.ContainerStatuses = [FakeJobController.JobContainer(terminated(137, "OOMKilled"))]; });
                harness.Controller.SetJobCondition(job.Id, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
                break;
            case "deadline":
                harness.Controller.SetJobCondition(job.Id, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
                break;
            case "evicted":
                harness.Controller.Update(pod, s => { s.Phase = "Failed"; s.Reason = "Evicted"; s.Message = "The node was low on resource: ephemeral-storage."; });
                break;
            case "exit-code":
                harness.Controller.Update(pod, s => { s.Phase = "Failed"; s.ContainerStatuses = [FakeJobController.JobContainer(terminated(3, "Error"))]; });
                break;
            case "unschedulable":
                harness.Controller.Update(pod, s => s.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/4 nodes are available: 4 Insufficient nvidia.com/gpu." }]);
                break;
            case "saving-outputs":
                harness.Controller.Update(pod, s => { s.Phase = "Running"; s.ContainerStatuses = [FakeJobController.JobContainer(terminated(0, "Completed"))]; s.InitContainerStatuses = [FakeJobController.Uploader(new V1ContainerState { Running = new V1ContainerStateRunning() })]; });
                break;
            case "saving-outputs-after-failure":
                harness.Controller.Update(pod, s => { s.Phase = "Running"; s.ContainerStatuses = [FakeJobController.JobContainer(terminated(3, "Error"))]; s.InitContainerStatuses = [FakeJobController.Uploader(new V1ContainerState { Running = new V1ContainerStateRunning() })]; });
                break;
            case "outputs-not-saved":
                harness.Controller.Update(pod, s => { s.Phase = "Succeeded"; s.ContainerStatuses = [FakeJobController.JobContainer(terminated(0, "Completed"))]; s.InitContainerStatuses = [FakeJobController.Uploader(terminated(137, "Error"))]; });
                harness.Controller.SetJobCondition(job.Id, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
                break;
            case "staging":
                harness.Controller.Update(pod, s => s.InitContainerStatuses = [new V1ContainerStatus { Name = "stage-datasets", Image = "x", ImageID = "", Ready = false, RestartCount = 0, State = new V1ContainerState { Running = new V1ContainerStateRunning() } }]);
                break;
        }

        // Fails with the last observation when the events never map to the expected status, reason and exit code.
        await KubernetesBackendHarness.ObserveUntilAsync(backend, job, o => (o.Status, o.Reason, o.ExitCode) == (status, reason, exitCode));
        Assert.True(backend.Watcher.IsSynced);
    }

    [Fact]
    public async Task Logs_are_read_incrementally_and_cancel_removes_the_job_and_its_pod_at_once()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync();
        var job = TestJobs.Job();
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        var pod = harness.Controller.CreatePod(job.Id);
        harness.Controller.Update(pod, s => { s.Phase = "Running"; s.ContainerStatuses = [FakeJobController.JobContainer(new V1ContainerState { Running = new V1ContainerStateRunning() })]; });
        await KubernetesBackendHarness.ObserveUntilAsync(backend, job, o => o.Status == JobStatus.Running);

        var start = DateTimeOffset.UtcNow;
        lock (harness.Server.Store.Sync)
        {
            harness.Server.Store.AppendLog("eucaim-tenant-a", pod.Metadata.Name, "epoch 1 loss 0.9", start);
            harness.Server.Store.AppendLog("eucaim-tenant-a", pod.Metadata.Name, "epoch 2 loss 0.5", start.AddMilliseconds(1));
        }

        var first = await backend.ReadLogAsync(job, CancellationToken.None);
        Assert.Equal("epoch 1 loss 0.9\nepoch 2 loss 0.5\n", first.Text);
        job.LogCursor = first.Cursor;
        Assert.Equal("", (await backend.ReadLogAsync(job, CancellationToken.None)).Text);
        lock (harness.Server.Store.Sync)
        {
            harness.Server.Store.AppendLog("eucaim-tenant-a", pod.Metadata.Name, "epoch 3 loss 0.2", start.AddMilliseconds(2));
        }

        Assert.Equal("epoch 3 loss 0.2\n", (await backend.ReadLogAsync(job, CancellationToken.None)).Text);

        await backend.StopAsync(job, CancellationToken.None);
        lock (harness.Server.Store.Sync)
        {
            Assert.Empty(harness.Server.Store.List(Jobs));
            Assert.Empty(harness.Server.Store.List(Pods));
        }

        Assert.Contains($"DELETE {Jobs}/{KubernetesJobManifests.JobName(job.Id)}", harness.Server.Writes);
    }

    [Fact]
    public async Task A_restarted_workers_resumes_monitoring_and_never_launches_a_job_twice()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var before = await harness.BackendAsync();
        var job = TestJobs.Job();
        // The first Workers created the Job but stopped before recording it (no BackendHandle saved).
        await before.LaunchAsync(harness.Launch(job), CancellationToken.None);
        job.BackendHandle = null;
        var pod = harness.Controller.CreatePod(job.Id);
        harness.Controller.Update(pod, s => { s.Phase = "Running"; s.ContainerStatuses = [FakeJobController.JobContainer(new V1ContainerState { Running = new V1ContainerStateRunning() })]; });
        await before.Watcher.StopAsync(CancellationToken.None);

        var after = await harness.BackendAsync();
        var seen = await KubernetesBackendHarness.ObserveUntilAsync(after, job, o => o.Launched);
        Assert.Equal(JobStatus.Running, seen.Status);
        await after.LaunchAsync(harness.Launch(job), CancellationToken.None);
        lock (harness.Server.Store.Sync)
        {
            Assert.Single(harness.Server.Store.List(Jobs));
            Assert.Single(harness.Server.Store.List(Pods));
        }

        harness.Controller.Update(pod, s => { s.Phase = "Succeeded"; s.ContainerStatuses = [FakeJobController.JobContainer(new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0 } })]; });
        harness.Controller.SetJobCondition(job.Id, "Complete", "CompletionsReached", "done");
        Assert.Equal(JobStatus.Succeeded, (await KubernetesBackendHarness.ObserveUntilAsync(after, job, o => o.Status.IsFinal())).Status);

        // A job the platform claimed but never created is reported as not launched, so the dispatcher launches it.
        var unlaunched = TestJobs.Job();
        Assert.False((await after.ObserveAsync(unlaunched, CancellationToken.None)).Launched);
    }

    [Fact]
    public async Task An_unavailable_api_server_leaves_the_job_unlaunched_with_the_reason_and_it_starts_when_the_api_returns()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false, timeout: TimeSpan.FromSeconds(2));
        var job = TestJobs.Job();

        harness.Server.Inject(new FakeKubernetesFault("POST", "/jobs", FaultKind.Status, StatusCode: 503));
        var down = await Assert.ThrowsAsync<JobBackendUnavailableException>(() => backend.LaunchAsync(harness.Launch(job), CancellationToken.None));
        Assert.Equal("Kubernetes API unavailable (503): waiting for it to answer again.", down.Message);

        harness.Server.Inject(new FakeKubernetesFault("POST", "/secrets", FaultKind.Hang));
        var hung = await Assert.ThrowsAsync<JobBackendUnavailableException>(() => backend.LaunchAsync(harness.Launch(job), CancellationToken.None));
        Assert.StartsWith("Kubernetes API unavailable", hung.Message);
        lock (harness.Server.Store.Sync)
        {
            Assert.Empty(harness.Server.Store.List(Jobs));
        }

        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        lock (harness.Server.Store.Sync)
        {
            Assert.Single(harness.Server.Store.List(Jobs));
        }

        Assert.Equal($"eucaim-tenant-a/{KubernetesJobManifests.JobName(job.Id)}", job.BackendHandle);
    }

    [Fact]
    public async Task Staging_copies_only_the_granted_version_with_checksums_and_outputs_come_back_through_one_write_only_url()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync(watch: false);
        var dataset = Guid.NewGuid();
        var files = await TestJobs.PublishAsync(azurite.Blobs, dataset, version: 2);
        await TestJobs.PublishAsync(azurite.Blobs, dataset, version: 3, instances: 1);
        var job = TestJobs.Job(datasets: [(dataset, 2)]);
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);

        var work = Directory.CreateTempSubdirectory("eucaim-pod-");
        try
        {
            var pod = await PodHelpers.FromSecretAsync(harness, job, work.FullName);
            var data = Path.Combine(work.FullName, "data");
            Assert.Equal(0, await pod.StageAsync(data));
            foreach (var (path, bytes) in files)
            {
                Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(data, dataset.ToString("N"), path)));
            }

            Assert.Equal(files.Count, Directory.EnumerateFiles(data, "*.dcm", SearchOption.AllDirectories).Count());
            var aFile = Directory.EnumerateFiles(data, "*.dcm", SearchOption.AllDirectories).First();
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(aFile));
            }

            // The read links are for version 2 only and cannot write; the output link cannot read.
            var links = await pod.ExchangeAsync(StagingPurpose.Datasets);
            var staged = Assert.Single(links.Datasets);
            Assert.Equal(2, staged.Manifest.Version);
            Assert.All(staged.Urls.Values, u => Assert.Contains("sp=r&", u.Query + "&", StringComparison.Ordinal));
            Assert.All(staged.Urls, u => Assert.Contains($"/datasets/{dataset:D}/v2/{u.Key}", Uri.UnescapeDataString(u.Value.AbsolutePath), StringComparison.Ordinal));
            var readUrl = staged.Urls.Values.First();
            await Assert.ThrowsAsync<Azure.RequestFailedException>(() => new Azure.Storage.Blobs.BlobClient(readUrl).UploadAsync(BinaryData.FromString("tampered"), overwrite: true));
            var upload = (await pod.ExchangeAsync(StagingPurpose.Outputs)).OutputUpload!;

            var output = Directory.CreateDirectory(Path.Combine(work.FullName, "output"));
            Directory.CreateDirectory(Path.Combine(output.FullName, "metrics"));
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "model.txt"), "weights");
            await File.WriteAllTextAsync(Path.Combine(output.FullName, "metrics", "dice.json"), "{\"dice\":0.87}");
            File.CreateSymbolicLink(Path.Combine(output.FullName, "passwd"), "/etc/passwd");
            await PodTools.UploadAsync(upload, output.FullName, CancellationToken.None);
            await Assert.ThrowsAsync<Azure.RequestFailedException>(() => new Azure.Storage.Blobs.BlobClient(upload).DownloadContentAsync());

            var collected = new Dictionary<string, string>();
            await foreach (var file in backend.ReadOutputsAsync(job, CancellationToken.None))
            {
                await using var stream = await file.OpenAsync(CancellationToken.None);
                collected[file.Path] = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
            }

            Assert.Equal(new Dictionary<string, string> { ["metrics/dice.json"] = "{\"dice\":0.87}", ["model.txt"] = "weights" }, collected);

            await backend.CleanupAsync(job, CancellationToken.None);
            lock (harness.Server.Store.Sync)
            {
                Assert.Empty(harness.Server.Store.List(Jobs));
                Assert.Empty(harness.Server.Store.List("/api/v1/namespaces/eucaim-tenant-a/secrets"));
            }

            Assert.False((await azurite.Blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobOutputArchive(job.Id)).ExistsAsync()).Value);
            Assert.False((await azurite.Blobs.GetBlobContainerClient(BlobContainers.System).GetBlobClient(BlobLayout.System.JobStagingPlan(job.Id)).ExistsAsync()).Value);
        }
        finally
        {
            Eucaim.Core.Jobs.DatasetStaging.MakeWritable(Path.Combine(work.FullName, "data"));
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_manifest_fails_staging()
    {
        var dataset = Guid.NewGuid();
        await TestJobs.PublishAsync(azurite.Blobs, dataset, version: 1, instances: 2);
        var container = azurite.Blobs.GetBlobContainerClient(BlobContainers.Datasets);
        var manifest = await DatasetStaging.ReadManifestAsync(container, dataset, 1, CancellationToken.None);
        // One byte of the second file changed where it is stored (its range of the pack).
        var damaged = container.GetBlobClient(BlobLayout.Datasets.File(dataset, 1, manifest.Files[1].Bytes.Blob));
        var stored = (await damaged.DownloadContentAsync()).Value.Content.ToArray();
        stored[manifest.Files[1].Bytes.Range(200).Offset] ^= 0xFF;
        await damaged.UploadAsync(BinaryData.FromBytes(stored), overwrite: true);
        var target = Path.Combine(Path.GetTempPath(), $"eucaim-stage-{Guid.NewGuid():N}");
        try
        {
            var failure = await Assert.ThrowsAsync<DatasetStagingException>(() => DatasetStaging.StageAsync(container, manifest, target, CancellationToken.None));
            Assert.Contains(manifest.Files[1].Path, failure.Message);
            Assert.Contains("does not match its manifest", failure.Message);
            Assert.False(File.Exists(Path.Combine(target, manifest.Files[1].Path)));
        }
        finally
        {
            DatasetStaging.MakeWritable(target);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }
}
