using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Eucaim.Workers.Tenants;

namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// Jobs as local processes (the local topology). Each job gets a folder in its tenant's sandbox:
/// <c>data/&lt;dataset&gt;</c> (the granted versions, staged from their manifests and made read-only),
/// <c>output/</c>, <c>tmp/</c> and <c>job.log</c>. A small shell wrapper, started in a session of its own,
/// records its process id in <c>started</c> (created exclusively: a second launch of the same job
/// refuses to run) and the command's exit code in <c>exitcode</c>, so a restarted Workers finds
/// running jobs, their logs and their results on disk.
/// </summary>
public sealed class LocalJobBackend : IJobBackend
{
    private const string Wrapper = """
        dir="$1"; shift
        ( set -C; echo $$ > "$dir/started" ) 2>/dev/null || exit 97
        "$@" > "$dir/job.log" 2>&1 < /dev/null
        code=$?
        echo $code > "$dir/exitcode.tmp" && mv "$dir/exitcode.tmp" "$dir/exitcode"
        """;

    private const int MaxLogRead = 256 * 1024;

    private readonly string _root;
    private readonly LocalJobsOptions _options;
    private readonly BlobServiceClient _blobs;
    private readonly TimeProvider _clock;
    private readonly SandboxPaths _paths;

    public LocalJobBackend(ComputeOptions compute, JobsOptions options, BlobServiceClient blobs, TimeProvider clock)
    {
        _root = compute.Local.ResolvedSandboxRoot;
        _options = options.Local;
        _blobs = blobs;
        _clock = clock;
        _paths = new SandboxPaths(_root, AppContext.BaseDirectory);
        Gpus = GpuInventory.Detect(_options.GpuIndices);
        // Without GPUs, jobs of GPU flavors still run (on the CPU) so the local topology works on any machine.
        Capacity = new JobQueue.Capacity(_options.MaxConcurrentJobs, Gpus.Count > 0 ? Gpus.Count : null);
    }

    public IReadOnlyList<int> Gpus { get; }

    public JobQueue.Capacity Capacity { get; }

    public string FolderOf(Job job) => Path.Combine(_root, job.TenantSlug, "jobs", job.Id.ToString("N"));

    public async Task LaunchAsync(JobLaunch launch, CancellationToken cancellationToken)
    {
        var (job, _, devices, _) = launch;
        var folder = FolderOf(job);
        if (File.Exists(Path.Combine(folder, "started")))
        {
            return;
        }

        var image = _options.Images.FirstOrDefault(i => i.Image == job.Image)
            ?? throw new DatasetStagingException($"image '{job.Image}' has no local command on this machine (Eucaim:Jobs:Local:Images).");
        var data = Path.Combine(folder, "data");
        DatasetStaging.MakeWritable(data);
        Directory.CreateDirectory(Path.Combine(folder, "output"));
        Directory.CreateDirectory(Path.Combine(folder, "tmp"));
        var datasets = _blobs.GetBlobContainerClient(BlobContainers.Datasets);
        foreach (var dataset in job.Datasets)
        {
            var target = Path.Combine(data, dataset.MountName);
            if (Directory.Exists(target))
            {
                // A launch interrupted while staging: start this dataset again from its manifest.
                DatasetStaging.MakeWritable(target);
                Directory.Delete(target, recursive: true);
            }

            var manifest = await DatasetStaging.ReadManifestAsync(datasets, dataset.DatasetId, dataset.Version, cancellationToken);
            await DatasetStaging.StageAsync(datasets, manifest, target, cancellationToken);
        }

        Directory.CreateDirectory(data);
        DatasetStaging.MakeReadOnly(data);

        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = folder };
        foreach (var part in new[] { "/bin/sh", "-c", Wrapper, "eucaim-job", folder, Expand(image.Command) }
            .Concat(image.Arguments.Select(Expand)).Concat(job.Command).Concat(job.Arguments))
        {
            start.ArgumentList.Add(part);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "DOTNET_ROOT", "LANG" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        foreach (var (name, value) in job.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["HOME"] = Path.Combine(folder, "tmp");
        start.Environment["TMPDIR"] = Path.Combine(folder, "tmp");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in JobEnvironment.OnHost(job, data, Path.Combine(folder, "output")).Variables())
        {
            start.Environment[name] = value;
        }

        // On a machine with GPUs every job sees exactly its own (none for a CPU flavor); elsewhere the variable is left unset.
        if (Gpus.Count > 0)
        {
            start.Environment["CUDA_VISIBLE_DEVICES"] = string.Join(',', devices);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start.");
        job.BackendHandle = folder;
        // The wrapper writes 'started' first thing; wait for it so the job is observable as launched when this returns.
        for (var i = 0; i < 100 && !File.Exists(Path.Combine(folder, "started")) && !process.HasExited; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    public async Task<JobObservation> ObserveAsync(Job job, CancellationToken cancellationToken)
    {
        var folder = FolderOf(job);
        var started = Path.Combine(folder, "started");
        if (!File.Exists(started))
        {
            return JobObservation.NotLaunched;
        }

        if (File.Exists(Path.Combine(folder, "timedout")))
        {
            return new JobObservation(true, JobStatus.TimedOut, $"DeadlineExceeded: ran longer than its maximum of {job.MaxRuntimeMinutes} minute(s).", null);
        }

        if (File.Exists(Path.Combine(folder, "stopped")))
        {
            return new JobObservation(true, JobStatus.Cancelled, null, null);
        }

        var exitFile = Path.Combine(folder, "exitcode");
        if (File.Exists(exitFile))
        {
            var code = int.Parse((await File.ReadAllTextAsync(exitFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture);
            return code == 0
                ? new JobObservation(true, JobStatus.Succeeded, "Completed.", 0)
                : new JobObservation(true, JobStatus.Failed, Describe(code), code);
        }

        var pid = await ReadPidAsync(started, cancellationToken);
        if (pid is null || !LocalProcessTree.IsAlive(pid.Value, folder))
        {
            // Gone without writing its exit code: the wrapper itself was killed (machine restart, OOM killer).
            return File.Exists(exitFile)
                ? await ObserveAsync(job, cancellationToken)
                : new JobObservation(true, JobStatus.Failed, "The process disappeared without an exit code (killed by the system, or the machine restarted).", null);
        }

        var since = job.RunningAt ?? job.StartedAt ?? job.SubmittedAt;
        if (_clock.GetUtcNow() - since > TimeSpan.FromMinutes(job.MaxRuntimeMinutes))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "timedout"), _clock.GetUtcNow().ToString("O"), cancellationToken);
            await LocalProcessTree.KillGroupAsync(pid.Value, folder, cancellationToken);
            return await ObserveAsync(job, cancellationToken);
        }

        return new JobObservation(true, JobStatus.Running, "Running.", null);
    }

    public async Task<LogRead> ReadLogAsync(Job job, CancellationToken cancellationToken)
    {
        var path = Path.Combine(FolderOf(job), "job.log");
        var offset = long.TryParse(job.LogCursor, CultureInfo.InvariantCulture, out var o) ? o : 0;
        if (!File.Exists(path))
        {
            return new LogRead("", job.LogCursor);
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length <= offset)
        {
            return new LogRead("", job.LogCursor);
        }

        file.Position = offset;
        var buffer = new byte[(int)Math.Min(MaxLogRead, file.Length - offset)];
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        // Hand out whole lines while the job writes, or while more follows, so no path is cut in two before it
        // is made relative; the end of an ended job's log (or a line longer than a read) goes out as is.
        var end = read;
        var lastNewline = Array.LastIndexOf(buffer, (byte)'\n', read - 1);
        if (lastNewline >= 0 && (!job.Status.IsFinal() || offset + read < file.Length))
        {
            end = lastNewline + 1;
        }

        // Never split a UTF-8 sequence: back off to the start of an incomplete trailing character.
        while (end > 0 && end < read && (buffer[end] & 0xC0) == 0x80)
        {
            end--;
        }

        // Tenant members read this text: it shows no folder of the machine (the cursor still counts the file's bytes).
        return new LogRead(_paths.Relative(Encoding.UTF8.GetString(buffer, 0, end)), (offset + end).ToString(CultureInfo.InvariantCulture));
    }

    public async Task StopAsync(Job job, CancellationToken cancellationToken)
    {
        var folder = FolderOf(job);
        var started = Path.Combine(folder, "started");
        if (!Directory.Exists(folder))
        {
            return;
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "stopped"), _clock.GetUtcNow().ToString("O"), cancellationToken);
        if (File.Exists(started) && await ReadPidAsync(started, cancellationToken) is { } pid)
        {
            await LocalProcessTree.KillGroupAsync(pid, folder, cancellationToken);
        }
    }

    public async IAsyncEnumerable<JobOutputFile> ReadOutputsAsync(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var output = Path.Combine(FolderOf(job), "output");
        if (!Directory.Exists(output))
        {
            yield break;
        }

        // Regular files only: a symbolic link could point anywhere on the machine, and must not carry that out.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(output, "*", options).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(file);
            if (info.LinkTarget is not null)
            {
                continue;
            }

            var relative = Path.GetRelativePath(output, file).Replace(Path.DirectorySeparatorChar, '/');
            yield return new JobOutputFile(relative, info.Length, _ => Task.FromResult<Stream>(File.OpenRead(file)));
            await Task.CompletedTask;
        }
    }

    public Task CleanupAsync(Job job, CancellationToken cancellationToken)
    {
        var folder = FolderOf(job);
        if (Directory.Exists(folder))
        {
            DatasetStaging.MakeWritable(Path.Combine(folder, "data"));
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string Describe(int code) => code switch
    {
        97 => "The job was already started once; it is never started twice.",
        137 => "Exit code 137: killed (SIGKILL), usually for running out of memory.",
        139 => "Exit code 139: segmentation fault.",
        _ => $"Exit code {code}.",
    };

    private static string Expand(string value) => value.Replace("{AppBase}", AppContext.BaseDirectory, StringComparison.Ordinal);

    private static async Task<int?> ReadPidAsync(string path, CancellationToken cancellationToken)
    {
        var text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        return int.TryParse(text, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
