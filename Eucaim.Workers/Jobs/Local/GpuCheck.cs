using System.Globalization;
using Azure.Storage.Blobs;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Tenants;

namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// <c>Eucaim.Workers gpu-check [--probe cuda|torch|'&lt;shell command&gt;']</c>: on a machine with NVIDIA GPUs,
/// launches one probe job per GPU and one CPU-only job through the local backend, exactly as the
/// dispatcher does, and checks what CUDA shows each of them: a GPU job must see exactly its own device
/// (by UUID) and, with a built-in probe, compute on it correctly; a CPU job must see none. Exit 0 when
/// every job saw what it should; 1 when one did not; 2 when the machine has no GPU or the probe cannot
/// run. The probes are described in <see cref="GpuProbe"/>; a shell command must print
/// <c>cuda_device_count=N</c> and one <c>uuid=GPU-…</c> line per visible device.
/// </summary>
internal static class GpuCheck
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ([] or ["--probe", _]))
        {
            Console.Error.WriteLine("usage: Eucaim.Workers gpu-check [--probe cuda|torch|'<shell command>']");
            return 2;
        }

        var probe = GpuProbe.Choose(args.Length == 2 ? args[1] : null, AppContext.BaseDirectory);
        var uuids = GpuUuids();
        if (uuids.Count == 0)
        {
            Console.Error.WriteLine("gpu-check: nvidia-smi lists no GPU on this machine; jobs run without CUDA_VISIBLE_DEVICES.");
            return 2;
        }

        var root = Directory.CreateTempSubdirectory("eucaim-gpu-check-").FullName;
        var options = new JobsOptions();
        options.Local.Images.Add(probe.Image);
        // Probe jobs stage no dataset, so the blob client is never called.
        var backend = new LocalJobBackend(new ComputeOptions { Local = new ComputeOptions.LocalOptions { SandboxRoot = root } },
            options, new BlobServiceClient("UseDevelopmentStorage=true"), TimeProvider.System);
        Console.WriteLine($"gpu-check: probe {probe.Name}; the local backend found GPUs [{string.Join(',', backend.Gpus)}]; nvidia-smi: {string.Join(", ", uuids.Select(u => $"{u.Key}={u.Value}"))}");

        var failures = 0;
        if (!backend.Gpus.Order().SequenceEqual(uuids.Keys.Order()))
        {
            Console.WriteLine("FAIL the local backend hands out other GPUs than nvidia-smi lists.");
            failures++;
        }

        var launches = backend.Gpus.Select(index => (Expected: (int?)index, Devices: (IReadOnlyList<int>)[index]))
            .Append((Expected: null, Devices: []))
            .ToList();
        var probeRan = false;
        foreach (var (expected, devices) in launches)
        {
            var job = ProbeJob(probe, devices.Count);
            await backend.LaunchAsync(new JobLaunch(job, Flavor(devices.Count), devices), CancellationToken.None);
            var observation = await WaitAsync(backend, job);
            // A final status makes the backend hand out the log to its last byte, not only whole lines.
            job.Status = observation.Status;
            var log = (await backend.ReadLogAsync(job, CancellationToken.None)).Text;
            var outputs = new List<string>();
            await foreach (var file in backend.ReadOutputsAsync(job, CancellationToken.None))
            {
                outputs.Add($"{file.Path} ({file.Size} bytes)");
            }

            var seen = GpuProbeOutput.Parse(log);
            probeRan |= seen.DeviceCount is not null;
            var wanted = expected is { } i ? uuids.GetValueOrDefault(i) : null;
            var problem = observation.Status == JobStatus.Succeeded
                ? seen.Problem(wanted, probe.RequiresWork)
                : $"ended {observation.Status}: {observation.Reason}";
            failures += problem is null ? 0 : 1;
            Console.WriteLine($"{(problem is null ? "PASS" : "FAIL")} job with devices [{string.Join(',', devices)}]: status {observation.Status}, expected {wanted ?? "no device"}, "
                + $"saw [{string.Join(',', seen.Uuids)}]{(problem is null ? "" : $": {problem}")}; outputs [{string.Join(", ", outputs)}]");
            Console.WriteLine(string.Join('\n', log.TrimEnd().Split('\n').Select(l => "    | " + l)));
            await backend.CleanupAsync(job, CancellationToken.None);
        }

        Directory.Delete(root, recursive: true);
        if (!probeRan)
        {
            Console.Error.WriteLine($"gpu-check: no job printed cuda_device_count: the probe {probe.Name} cannot run on this machine (its log is above).");
            return 2;
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<JobObservation> WaitAsync(LocalJobBackend backend, Job job)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        JobObservation observation;
        while (!(observation = await backend.ObserveAsync(job, CancellationToken.None)).Status.IsFinal() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return observation;
    }

    private static Job ProbeJob(GpuProbe probe, int gpus) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantSlug = "gpu-check",
        Name = gpus > 0 ? "gpu-probe" : "cpu-probe",
        Image = probe.Image.Image,
        Arguments = [.. probe.Arguments],
        Flavor = gpus > 0 ? "gpu-check" : "cpu-check",
        GpuCount = gpus,
        MaxRuntimeMinutes = 5,
        Status = JobStatus.Starting,
        SubmittedBy = "system:gpu-check",
        SubmittedAt = DateTimeOffset.UtcNow,
    };

    private static Flavor Flavor(int gpus) => new() { Name = gpus > 0 ? "gpu-check" : "cpu-check", GpuCount = gpus, MaxRuntimeMinutes = 5 };

    /// <summary>GPU index → UUID, as the driver numbers them (the numbering CUDA_VISIBLE_DEVICES uses).</summary>
    private static Dictionary<int, string> GpuUuids() =>
        GpuInventory.Query("index,uuid")
            .Select(l => l.Split(',', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && int.TryParse(p[0], CultureInfo.InvariantCulture, out _))
            .ToDictionary(p => int.Parse(p[0], CultureInfo.InvariantCulture), p => p[1]);
}
