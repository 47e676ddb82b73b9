using System.ComponentModel.DataAnnotations;

namespace Eucaim.Workers.Jobs;

/// <summary>The job dispatcher, bound from <c>Eucaim:Jobs</c>; the backend itself is <c>Eucaim:Compute:Backend</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Eucaim:Jobs";

    /// <summary>How often the dispatcher looks at jobs when no notification wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often grants of queued and running jobs are re-checked, besides <c>grant_ended</c> notifications.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan GrantCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public LocalJobsOptions Local { get; set; } = new();

    public KubernetesJobsOptions Kubernetes { get; set; } = new();

    /// <summary>Errors of the local backend's settings; the intervals are checked by their <see cref="RangeAttribute"/>s.</summary>
    public IEnumerable<string> Validate()
    {
        if (Local.MaxConcurrentJobs is < 1 or > 1000)
        {
            yield return $"{Section}:Local:MaxConcurrentJobs must be between 1 and 1000.";
        }

        foreach (var image in Local.Images)
        {
            if (string.IsNullOrWhiteSpace(image.Image) || string.IsNullOrWhiteSpace(image.Command))
            {
                yield return $"{Section}:Local:Images: every entry needs Image and Command.";
            }
        }
    }
}

public sealed class LocalJobsOptions
{
    public int MaxConcurrentJobs { get; set; } = 4;

    /// <summary>GPU indices to hand out (e.g. <c>0,1</c>); empty means ask <c>nvidia-smi</c>; <c>none</c> means no GPUs.</summary>
    public string? GpuIndices { get; set; }

    /// <summary>Allow-listed image references and the local command each one stands for.</summary>
    public List<LocalImageCommand> Images { get; set; } = [];
}

/// <summary>
/// What an allow-listed image means on the local backend: a command and its fixed arguments (the
/// image's entrypoint). <c>{AppBase}</c> in them is the Workers' own folder, where the sample job is built.
/// </summary>
public sealed class LocalImageCommand
{
    public string Image { get; set; } = "";

    public string Command { get; set; } = "";

    public List<string> Arguments { get; set; } = [];
}

public sealed class KubernetesJobsOptions
{
    /// <summary>The image of the init container that stages datasets and of the output sidecar: the Workers image, pinned by digest.</summary>
    public string ToolsImage { get; set; } = "";

    /// <summary>How long a finished Job (and its pod, for <c>kubectl logs</c>) stays before Kubernetes removes it.</summary>
    public int TtlSecondsAfterFinished { get; set; } = 3600;

    /// <summary>Lifetime of the read-only staging SAS and the output upload SAS beyond the job's deadline.</summary>
    public int SasMarginMinutes { get; set; } = 15;

    /// <summary>The numeric non-root user jobs run as.</summary>
    public long RunAsUser { get; set; } = 65532;
}
