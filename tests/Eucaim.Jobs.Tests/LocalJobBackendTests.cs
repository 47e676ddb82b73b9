using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Local;
using Eucaim.Workers.Tenants;

namespace Eucaim.Jobs.Tests;

/// <summary>The local backend: staged read-only datasets, the job's environment, restart without a second launch, cancel and timeout that kill the whole process tree.</summary>
[Collection(AzuriteCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalJobBackendTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"eucaim-local-jobs-{Guid.NewGuid():N}");

    /// <summary>An "image" that prints its environment and its dataset listing, then sleeps in a child process.</summary>
    private const string Script = """
        echo "datasets=$EUCAIM_DATASETS output=$EUCAIM_OUTPUT cuda=${CUDA_VISIBLE_DEVICES-unset} epochs=$EPOCHS"
        ls -R "$EUCAIM_DATASETS" | grep -c '\.dcm$'
        touch "$EUCAIM_DATASETS/intruder" 2>/dev/null && echo "wrote into datasets" || echo "datasets are read-only"
        echo result > "$EUCAIM_OUTPUT/result.txt"
        ln -s /etc/passwd "$EUCAIM_OUTPUT/passwd"
        sleep "$1" &
        echo "child $!"
        wait
        exit "${2:-0}"
        """;

    [Fact]
    public async Task A_local_job_sees_its_datasets_read_only_survives_a_restart_unlaunched_twice_and_cancel_kills_its_tree()
    {
        var dataset = Guid.NewGuid();
        await TestJobs.PublishAsync(azurite.Blobs, dataset, version: 1, instances: 2);
        var job = Job([(dataset, 1)], "30");
        var backend = Backend("0,1");
        await backend.LaunchAsync(new JobLaunch(job, Flavor(), [1]), CancellationToken.None);
        var log = await WaitForLogAsync(backend, job, "child ");
        Assert.Contains($"datasets={backend.FolderOf(job)}/data output={backend.FolderOf(job)}/output cuda=1 epochs=3", log);
        Assert.Contains("\n2\n", log);
        var data = Path.Combine(backend.FolderOf(job), "data");
        var staged = Directory.EnumerateFiles(data, "*.dcm", SearchOption.AllDirectories).First();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(staged));
        Assert.False(File.GetUnixFileMode(data).HasFlag(UnixFileMode.UserWrite));
        if (Environment.UserName != "root")
        {
            // Permissions bind everyone but root (the local backend runs jobs as the Workers' user).
            Assert.Contains("datasets are read-only", log);
        }
        var child = int.Parse(log.Split("child ")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // A new Workers process finds the job running and does not start it again.
        var restarted = Backend("0,1");
        Assert.Equal(JobStatus.Running, (await restarted.ObserveAsync(job, CancellationToken.None)).Status);
        await restarted.LaunchAsync(new JobLaunch(job, Flavor(), [1]), CancellationToken.None);
        Assert.Single(File.ReadAllLines(Path.Combine(backend.FolderOf(job), "started")));

        await restarted.StopAsync(job, CancellationToken.None);
        Assert.Equal(JobStatus.Cancelled, (await restarted.ObserveAsync(job, CancellationToken.None)).Status);
        Assert.False(Directory.Exists($"/proc/{child}") && File.ReadAllText($"/proc/{child}/stat").Split(' ')[2] != "Z", "the job's child process outlived the cancel");

        var outputs = new List<string>();
        await foreach (var file in restarted.ReadOutputsAsync(job, CancellationToken.None))
        {
            outputs.Add(file.Path);
        }

        Assert.Equal(["result.txt"], outputs);
        await restarted.CleanupAsync(job, CancellationToken.None);
        Assert.False(Directory.Exists(backend.FolderOf(job)));
    }

    [Fact]
    public async Task A_job_past_its_runtime_is_killed_as_timed_out_and_an_exit_code_is_reported()
    {
        var backend = Backend("none");
        var slow = Job([], "30");
        slow.MaxRuntimeMinutes = 1;
        slow.RunningAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        await backend.LaunchAsync(new JobLaunch(slow, Flavor(), []), CancellationToken.None);
        await WaitForLogAsync(backend, slow, "child ");
        var seen = await backend.ObserveAsync(slow, CancellationToken.None);
        Assert.Equal(JobStatus.TimedOut, seen.Status);
        Assert.StartsWith("DeadlineExceeded", seen.Reason);
        Assert.DoesNotContain("cuda=1", await File.ReadAllTextAsync(Path.Combine(backend.FolderOf(slow), "job.log")));

        var failing = Job([], "0");
        failing.Arguments.Add("3");
        await backend.LaunchAsync(new JobLaunch(failing, Flavor(), []), CancellationToken.None);
        var ended = await UntilAsync(() => backend.ObserveAsync(failing, CancellationToken.None), o => o.Status.IsFinal());
        Assert.Equal((JobStatus.Failed, 3, "Exit code 3."), (ended.Status, ended.ExitCode, ended.Reason));
        await backend.CleanupAsync(slow, CancellationToken.None);
        await backend.CleanupAsync(failing, CancellationToken.None);
    }

    [Fact]
    public async Task The_log_tenant_members_read_shows_sandbox_paths_relative_to_a_placeholder()
    {
        var backend = Backend("none");
        var job = Job([], "0");
        await backend.LaunchAsync(new JobLaunch(job, Flavor(), []), CancellationToken.None);
        job.Status = (await UntilAsync(() => backend.ObserveAsync(job, CancellationToken.None), o => o.Status.IsFinal())).Status;
        Assert.Contains($"datasets={backend.FolderOf(job)}/data", await File.ReadAllTextAsync(Path.Combine(backend.FolderOf(job), "job.log")));

        var shown = new System.Text.StringBuilder();
        for (var read = await backend.ReadLogAsync(job, CancellationToken.None); read.Text.Length > 0; read = await backend.ReadLogAsync(job, CancellationToken.None))
        {
            shown.Append(read.Text);
            job.LogCursor = read.Cursor;
        }

        var log = shown.ToString();
        Assert.Contains($"datasets=<sandbox>/{job.TenantSlug}/jobs/{job.Id:N}/data output=<sandbox>/{job.TenantSlug}/jobs/{job.Id:N}/output", log);
        Assert.DoesNotContain(_root, log, StringComparison.Ordinal);
        await backend.CleanupAsync(job, CancellationToken.None);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            DatasetStaging.MakeWritable(_root);
            foreach (var data in Directory.EnumerateDirectories(_root, "data", SearchOption.AllDirectories))
            {
                DatasetStaging.MakeWritable(data);
            }

            Directory.Delete(_root, recursive: true);
        }
    }

    private LocalJobBackend Backend(string gpus)
    {
        var options = TestJobs.Options();
        options.Local.GpuIndices = gpus;
        options.Local.Images.Add(new LocalImageCommand { Image = "registry.example.org/eucaim/sample-job:1.0", Command = "/bin/sh", Arguments = ["-c", Script, "job"] });
        return new LocalJobBackend(new ComputeOptions { Local = new ComputeOptions.LocalOptions { SandboxRoot = _root } }, options, azurite.Blobs, TimeProvider.System);
    }

    private static Job Job(IEnumerable<(Guid, int)> datasets, string sleepSeconds)
    {
        var job = TestJobs.Job(datasets: datasets);
        job.Command = [];
        job.Arguments = [sleepSeconds];
        return job;
    }

    private static Flavor Flavor() => TestJobs.GpuFlavor();

    private static async Task<string> WaitForLogAsync(LocalJobBackend backend, Job job, string text)
    {
        var path = Path.Combine(backend.FolderOf(job), "job.log");
        string log = "";
        await UntilAsync(async () => log = File.Exists(path) ? await File.ReadAllTextAsync(path) : "", l => l.Contains(text, StringComparison.Ordinal));
        return log;
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        T value;
        while (!done(value = await read()))
        {
            await Task.Delay(50, patience.Token);
        }

        return value;
    }
}
