using System.Globalization;
using System.Text.RegularExpressions;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s.Models;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// Renders a job as a <c>batch/v1</c> Job in its tenant's namespace, plus the Secret with the job's
/// token. The pod passes Pod Security "restricted" and the platform's own rules (read-only root
/// filesystem, no service-account token, no DNS, Guaranteed QoS). Its two helpers, and only they,
/// mount the token and trade it for storage links when they start, reaching the staging endpoint and
/// storage by the names of <see cref="KubernetesJobsOptions.HostAliases"/>: the staging init container
/// writes the granted files into an <c>emptyDir</c> the job container mounts read-only at
/// <c>/data</c>; the output sidecar, once the job container ends, uploads <c>/output</c> as one
/// archive to the single blob its link allows. The job container gets its GPUs from the device plugin
/// alone and none otherwise. Every container's requests equal its limits, in the figures
/// <see cref="PodBudget"/> counts.
/// </summary>
public sealed partial class KubernetesJobManifests(JobsOptions options)
{
    public const string ManagedBy = "eucaim-jobs";
    public const string JobIdLabel = "eucaim.eu/job-id";
    public const string DatasetsAnnotation = "eucaim.eu/datasets";
    public const string JobNameAnnotation = "eucaim.eu/job-name";
    public const string SubmittedByAnnotation = "eucaim.eu/submitted-by";
    public const string MainContainer = "job";
    public const string StagingContainer = WorkerVerbs.StageDatasets;
    public const string OutputContainer = WorkerVerbs.UploadOutputs;
    /// <summary>The key of the job's token in its Secret, and the file name it is mounted as in the helpers.</summary>
    public const string TokenFile = "token";

    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>
    /// The only name server of a job pod: its own loopback, where nothing answers. Kubernetes requires
    /// one with DNS policy None; this one resolves nothing and fails at once.
    /// </summary>
    public const string NoNameServer = "127.0.0.1";

    /// <summary>What the NVIDIA runtime reads as "no GPU", whatever the image's own environment says.</summary>
    public const string NoGpus = "void";

    /// <summary>The driver features a GPU job gets: CUDA and nvidia-smi, no graphics or video.</summary>
    public const string GpuDriverCapabilities = "compute,utility";

    private readonly PodBudget _budget = options.Kubernetes.Budget();

    /// <summary>How this renderer's pods are counted against tenant quotas.</summary>
    public PodBudget Budget => _budget;

    /// <summary>The label selecting every object the job backend made.</summary>
    public static string Selector => $"{TenantManifests.ManagedByLabel}={ManagedBy}";

    public static string JobName(Guid jobId) => $"eucaim-job-{jobId:N}";

    public static string SecretName(Guid jobId) => $"eucaim-job-{jobId:N}-staging";

    public static bool IsPinned(string? image) => image is not null && PinnedImage().IsMatch(image);

    public static string DatasetsValue(Job job) => string.Join(',', job.Datasets.Select(d => $"{d.DatasetId}:v{d.Version}"));

    public V1Job Job(Job job, Flavor flavor)
    {
        var ns = TenantRules.Namespace(job.TenantSlug);
        var labels = Labels(job);
        var annotations = new Dictionary<string, string>
        {
            [DatasetsAnnotation] = DatasetsValue(job),
            [JobNameAnnotation] = job.Name,
            [SubmittedByAnnotation] = job.SubmittedBy,
        };
        var k = options.Kubernetes;
        var scratch = Mib(flavor.EphemeralStorageGib * 1024L);
        var volumes = new List<V1Volume>
        {
            // Each scratch volume may take the whole scratch; together they are held to it by the job container's ephemeral-storage limit.
            new() { Name = "data", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = scratch } },
            new() { Name = "output", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = scratch } },
            new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = scratch } },
            // The helpers' own /tmp, which the job never sees (the output archive streams to storage, so it stays small).
            new() { Name = "helper-tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = Mib(_budget.Helper.ScratchMib) } },
            // Memory-backed: what the job writes there counts against its memory limit.
            new() { Name = "shm", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = Mib(FlavorRules.SharedMemoryMib(flavor)) } },
            new() { Name = "staging", Secret = new V1SecretVolumeSource { SecretName = SecretName(job.Id), DefaultMode = 0x120 /* 0440 */ } },
        };

        var environment = job.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new V1EnvVar { Name = e.Key, Value = e.Value }).ToList();
        environment.AddRange(JobEnvironment.InPod(job).Variables().Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }));
        environment.Add(new V1EnvVar { Name = "HOME", Value = "/tmp" });
        environment.Add(new V1EnvVar { Name = "TMPDIR", Value = "/tmp" });
        // A GPU container's devices are the device plugin's to set; any other container sees none, even from an image that says "all".
        environment.Add(flavor.GpuCount > 0
            ? new V1EnvVar { Name = "NVIDIA_DRIVER_CAPABILITIES", Value = GpuDriverCapabilities }
            : new V1EnvVar { Name = "NVIDIA_VISIBLE_DEVICES", Value = NoGpus });

        var main = new V1Container
        {
            Name = MainContainer,
            Image = job.ImageDigest is null ? job.Image : $"{ImageName(job.Image)}@{job.ImageDigest}",
            ImagePullPolicy = "IfNotPresent",
            Command = job.Command.Count > 0 ? job.Command : null,
            Args = job.Arguments.Count > 0 ? job.Arguments : null,
            Env = environment,
            Resources = Resources(PodBudget.Job(flavor)),
            SecurityContext = ContainerSecurity(),
            VolumeMounts =
            [
                new V1VolumeMount { Name = "data", MountPath = "/data", ReadOnlyProperty = true },
                new V1VolumeMount { Name = "output", MountPath = "/output" },
                new V1VolumeMount { Name = "tmp", MountPath = "/tmp" },
                new V1VolumeMount { Name = "shm", MountPath = "/dev/shm" },
            ],
        };
        var staging = new V1Container
        {
            Name = StagingContainer,
            Image = k.ToolsImage,
            ImagePullPolicy = "IfNotPresent",
            Args = [WorkerVerbs.StageDatasets, ExchangeUrl(job, StagingPurpose.Datasets), $"/staging/{TokenFile}", JobEnvironment.PodDatasetsPath],
            Env = HelperEnvironment(),
            Resources = Resources(_budget.Helper),
            SecurityContext = ContainerSecurity(),
            VolumeMounts =
            [
                new V1VolumeMount { Name = "staging", MountPath = "/staging", ReadOnlyProperty = true },
                new V1VolumeMount { Name = "data", MountPath = "/data" },
                new V1VolumeMount { Name = "helper-tmp", MountPath = "/tmp" },
            ],
        };
        var uploader = new V1Container
        {
            Name = OutputContainer,
            Image = k.ToolsImage,
            ImagePullPolicy = "IfNotPresent",
            // A native sidecar: it runs beside the job and, once the job container ends, uploads /output and exits.
            RestartPolicy = "Always",
            Args = [WorkerVerbs.UploadOutputs, ExchangeUrl(job, StagingPurpose.Outputs), $"/staging/{TokenFile}", JobEnvironment.PodOutputPath],
            Env = HelperEnvironment(),
            Resources = Resources(_budget.Helper),
            SecurityContext = ContainerSecurity(),
            VolumeMounts =
            [
                new V1VolumeMount { Name = "staging", MountPath = "/staging", ReadOnlyProperty = true },
                new V1VolumeMount { Name = "output", MountPath = "/output", ReadOnlyProperty = true },
                new V1VolumeMount { Name = "helper-tmp", MountPath = "/tmp" },
            ],
        };

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = JobName(job.Id), NamespaceProperty = ns, Labels = labels, Annotations = annotations },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                // The platform enforces the queue timeout and the run deadline itself (JobCycle); this
                // backstop only ends a pod that outlived both because the Workers were down.
                ActiveDeadlineSeconds = (long)options.QueueTimeout.TotalSeconds + (job.MaxRuntimeMinutes * 60L) + k.UploadGraceSeconds,
                TtlSecondsAfterFinished = k.TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels), Annotations = new Dictionary<string, string>(annotations) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        // Time for the output sidecar to upload after the job's container ended.
                        TerminationGracePeriodSeconds = k.UploadGraceSeconds,
                        ServiceAccountName = TenantManifests.ServiceAccountName,
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = new V1PodSecurityContext
                        {
                            RunAsNonRoot = true,
                            RunAsUser = k.RunAsUser,
                            RunAsGroup = k.RunAsUser,
                            FsGroup = k.RunAsUser,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        RuntimeClassName = flavor.RuntimeClassName ?? (flavor.GpuCount > 0 && k.GpuRuntimeClassName.Length > 0 ? k.GpuRuntimeClassName : null),
                        NodeSelector = NodeSelector(flavor),
                        Tolerations = flavor.Tolerations.Count == 0 ? null : [.. flavor.Tolerations.Select(Toleration)],
                        // No DNS at all: the job cannot tunnel data out through name lookups; the helpers find their endpoints in /etc/hosts.
                        DnsPolicy = "None",
                        DnsConfig = new V1PodDNSConfig { Nameservers = [NoNameServer] },
                        HostAliases = k.HostAliases.Count == 0 ? null : [.. JobHostAliases.Parse(k.HostAliases)],
                        ShareProcessNamespace = false,
                        InitContainers = job.Datasets.Count > 0 ? [staging, uploader] : [uploader],
                        Containers = [main],
                        Volumes = volumes,
                    },
                },
            },
        };
    }

    /// <summary>
    /// The job's token, the pod's only credential, mounted into the two helpers and never into the job's
    /// container. A few dozen bytes whatever the job stages: the plan itself is in blob storage.
    /// </summary>
    public static V1Secret Secret(Job job, string token) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = SecretName(job.Id), NamespaceProperty = TenantRules.Namespace(job.TenantSlug), Labels = Labels(job) },
        Type = "Opaque",
        StringData = new Dictionary<string, string> { [TokenFile] = token },
    };

    /// <summary>Where a helper of this job's pod exchanges the token (<see cref="StagingLinks"/>).</summary>
    public string ExchangeUrl(Job job, StagingPurpose purpose) => options.Kubernetes.StagingEndpoint.TrimEnd('/') + StagingLinks.Path(job.Id, purpose);

    public static Dictionary<string, string> Labels(Job job) => new()
    {
        [TenantManifests.ManagedByLabel] = ManagedBy,
        [TenantManifests.TenantLabel] = job.TenantSlug,
        [JobIdLabel] = job.Id.ToString(),
    };

    /// <summary>The flavor's node labels, and its GPU type on the GPU type label (which wins over a nodeSelector entry of the same key).</summary>
    private Dictionary<string, string>? NodeSelector(Flavor flavor)
    {
        var selector = flavor.NodeSelector.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var label = options.Kubernetes.GpuTypeLabel;
        if (flavor.GpuCount > 0 && flavor.GpuType is { Length: > 0 } type && label.Length > 0)
        {
            selector[label] = type;
        }

        return selector.Count == 0 ? null : selector;
    }

    /// <summary>Requests equal to limits for every resource, so the whole pod is Guaranteed; GPUs are an extended resource, stated in both.</summary>
    private static V1ResourceRequirements Resources(PodResources r)
    {
        var amounts = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new($"{r.CpuMillicores}m"),
            ["memory"] = Mib(r.MemoryMib),
            ["ephemeral-storage"] = Mib(r.ScratchMib),
        };
        if (r.Gpus > 0)
        {
            amounts[GpuResource] = new(r.Gpus.ToString(CultureInfo.InvariantCulture));
        }

        return new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity>(amounts), Limits = amounts };
    }

    private static List<V1EnvVar> HelperEnvironment() => [new V1EnvVar { Name = "NVIDIA_VISIBLE_DEVICES", Value = NoGpus }];

    private static ResourceQuantity Mib(long mib) => new($"{mib}Mi");

    /// <summary>kubectl taint syntax <c>key[=value]:Effect</c> as a toleration.</summary>
    public static V1Toleration Toleration(string taint)
    {
        var (keyValue, effect) = taint.Split(':', 2) is [var kv, var e] ? (kv, e) : (taint, null);
        var parts = keyValue.Split('=', 2);
        return parts.Length == 2
            ? new V1Toleration { Key = parts[0], OperatorProperty = "Equal", Value = parts[1], Effect = effect }
            : new V1Toleration { Key = parts[0], OperatorProperty = "Exists", Effect = effect };
    }

    private static V1SecurityContext ContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>The repository part of a reference (without the tag), to which the digest is appended.</summary>
    private static string ImageName(string reference)
    {
        var lastSlash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > lastSlash ? reference[..colon] : reference;
    }

    [GeneratedRegex("^[^@\\s]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex PinnedImage();
}
