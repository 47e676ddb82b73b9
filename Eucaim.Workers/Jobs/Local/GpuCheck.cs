using System.Globalization;
using Azure.Storage.Blobs;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Tenants;

namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// <c>Eucaim.Workers gpu-check</c>: on a machine with NVIDIA GPUs, launches one probe job per GPU and
/// one CPU-only job through the local backend, exactly as the dispatcher does, and checks what CUDA
/// shows each of them: a GPU job must see exactly its own device (by UUID), a CPU job none. Exit 0
/// when every job saw what it should; 1 when one did not; 2 when the machine has no GPU or the probe
/// cannot run. The default probe uses PyTorch; <c>--probe '&lt;shell command&gt;'</c> replaces it with
/// anything that prints <c>cuda_device_count=N</c> and one <c>uuid=GPU-…</c> line per visible device.
/// </summary>
internal static class GpuCheck
{
    private const string ProbeImage = "eucaim/gpu-probe";

    private const string TorchProbe = """
        python3 -c '
        import torch
        n = torch.cuda.device_count()
        print(f"cuda_device_count={n}")
        for i in range(n):
            p = torch.cuda.get_device_properties(i)
            print(f"uuid=GPU-{p.uuid}")
            print(f"name={p.name} memory_gib={p.total_memory / 2**30:.0f}")
        if n:
            x = torch.randn(4096, 4096, device="cuda", dtype=torch.bfloat16)
            torch.cuda.synchronize()
            print(f"matmul_ok={bool(torch.isfinite((x @ x).float()).all())}")
        '
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var probe = args.SkipWhile(a => a != "--probe").Skip(1).FirstOrDefault() ?? TorchProbe;
        var uuids = GpuUuids();
        if (uuids.Count == 0)
        {
            Console.Error.WriteLine("gpu-check: nvidia-smi lists no GPU on this machine; jobs run without CUDA_VISIBLE_DEVICES.");
            return 2;
        }

        var root = Directory.CreateTempSubdirectory("eucaim-gpu-check-").FullName;
        var options = new JobsOptions();
        options.Local.Images.Add(new LocalImageCommand { Image = ProbeImage, Command = "/bin/sh", Arguments = ["-c", probe] });
        // Probe jobs stage no dataset, so the blob client is never called.
        var backend = new LocalJobBackend(new ComputeOptions { Local = new ComputeOptions.LocalOptions { SandboxRoot = root } },
            options, new BlobServiceClient("UseDevelopmentStorage=true"), TimeProvider.System);
        Console.WriteLine($"gpu-check: the local backend found GPUs [{string.Join(',', backend.Gpus)}]; nvidia-smi: {string.Join(", ", uuids.Select(u => $"{u.Key}={u.Value}"))}");

        var failures = 0;
        if (!backend.Gpus.Order().SequenceEqual(uuids.Keys.Order()))
        {
            Console.WriteLine("FAIL the local backend hands out other GPUs than nvidia-smi lists.");
            failures++;
        }

        var launches = backend.Gpus.Select(index => (Expected: (int?)index, Devices: (IReadOnlyList<int>)[index]))
            .Append((Expected: null, Devices: []))
            .ToList();
        foreach (var (expected, devices) in launches)
        {
            var job = ProbeJob(devices.Count);
            await backend.LaunchAsync(new JobLaunch(job, Flavor(devices.Count), devices), CancellationToken.None);
            var observation = await WaitAsync(backend, job);
            var log = (await backend.ReadLogAsync(job, CancellationToken.None)).Text;
            var seen = log.Split('\n').Where(l => l.StartsWith("uuid=", StringComparison.Ordinal)).Select(l => l["uuid=".Length..].Trim()).ToList();
            var count = log.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cuda_device_count=", StringComparison.Ordinal));
            var wanted = expected is { } i ? uuids.GetValueOrDefault(i) : null;
            var ok = observation.Status == JobStatus.Succeeded
                && (wanted is null ? seen.Count == 0 && count == "cuda_device_count=0" : seen.Count == 1 && string.Equals(seen[0], wanted, StringComparison.OrdinalIgnoreCase));
            failures += ok ? 0 : 1;
            Console.WriteLine($"{(ok ? "PASS" : "FAIL")} job with devices [{string.Join(',', devices)}]: status {observation.Status}, expected {(wanted ?? "no device")}, saw [{string.Join(',', seen)}]");
            Console.WriteLine(string.Join('\n', log.TrimEnd().Split('\n').Select(l => "    | " + l)));
            await backend.CleanupAsync(job, CancellationToken.None);
        }

        Directory.Delete(root, recursive: true);
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

    private static Job ProbeJob(int gpus) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantSlug = "gpu-check",
        Name = gpus > 0 ? "gpu-probe" : "cpu-probe",
        Image = ProbeImage,
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
