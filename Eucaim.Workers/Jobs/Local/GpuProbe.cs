namespace Eucaim.Workers.Jobs.Local;

/// <summary>
/// What gpu-check runs in each of its jobs, as an image of the local backend and the job's arguments.
/// By default the built-in sample's <c>cuda</c> mode, which calls the CUDA driver directly and runs a
/// kernel (no toolkit, no Python), whenever the sample is built beside the Workers, as it is in every
/// build and publish of them; otherwise the PyTorch probe. <c>--probe cuda</c> and <c>--probe torch</c>
/// choose one; any other <c>--probe</c> value is a shell command.
/// </summary>
/// <param name="RequiresWork">Whether a GPU job must report a computation (<c>kernel_ok=</c>, <c>matmul_ok=</c>) to pass.</param>
internal sealed record GpuProbe(string Name, LocalImageCommand Image, IReadOnlyList<string> Arguments, bool RequiresWork)
{
    public const string SampleDll = "Eucaim.SampleJob.dll";

    private const string TorchScript = """
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

    /// <summary>The probe <paramref name="requested"/> names (null: the default), with the sample looked for in <paramref name="appBase"/>.</summary>
    public static GpuProbe Choose(string? requested, string appBase) => requested switch
    {
        null when File.Exists(Path.Combine(appBase, SampleDll)) => Cuda,
        null or "torch" => Torch,
        "cuda" => Cuda,
        _ => Shell("custom", requested, requiresWork: false),
    };

    /// <summary>The sample job exactly as the Workers' appsettings.json runs it, with <c>cuda</c> as the job's argument.</summary>
    private static GpuProbe Cuda { get; } = new(
        "cuda (the sample job's CUDA mode)",
        new LocalImageCommand { Image = "eucaim/sample-job:1.0", Command = "dotnet", Arguments = ["{AppBase}" + SampleDll] },
        ["cuda"],
        RequiresWork: true);

    private static GpuProbe Torch { get; } = Shell("torch (PyTorch)", TorchScript, requiresWork: true);

    private static GpuProbe Shell(string name, string script, bool requiresWork) =>
        new(name, new LocalImageCommand { Image = "eucaim/gpu-probe", Command = "/bin/sh", Arguments = ["-c", script] }, [], requiresWork);
}
