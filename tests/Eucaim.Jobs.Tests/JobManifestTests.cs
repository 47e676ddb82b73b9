using System.Text;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Eucaim.Tenants.Tests;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;

namespace Eucaim.Jobs.Tests;

/// <summary>What a job becomes on a cluster, field by field, and validated offline against the Kubernetes schemas and Pod Security "restricted".</summary>
public sealed class JobManifestTests
{
    private readonly KubernetesJobManifests _manifests = new(TestJobs.Options());

    [Fact]
    public async Task A_job_is_a_restricted_pinned_gpu_job_with_read_only_datasets_and_writable_tmp_and_output()
    {
        var dataset = Guid.NewGuid();
        var job = TestJobs.Job(datasets: [(dataset, 2)], runtimeMinutes: 90);

        var k8sJob = _manifests.Job(job, TestJobs.GpuFlavor());

        Assert.Equal(("batch/v1", "Job"), (k8sJob.ApiVersion, k8sJob.Kind));
        Assert.Equal($"eucaim-job-{job.Id:N}", k8sJob.Metadata.Name);
        Assert.Equal("eucaim-tenant-a", k8sJob.Metadata.NamespaceProperty);
        Assert.Equal(job.Id.ToString(), k8sJob.Metadata.Labels["eucaim.eu/job-id"]);
        Assert.Equal("tenant-a", k8sJob.Metadata.Labels["eucaim.eu/tenant"]);
        Assert.Equal("eucaim-jobs", k8sJob.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal($"{dataset}:v2", k8sJob.Metadata.Annotations["eucaim.eu/datasets"]);
        Assert.Equal("nodule-training", k8sJob.Metadata.Annotations["eucaim.eu/job-name"]);

        var spec = k8sJob.Spec;
        Assert.Equal(0, spec.BackoffLimit);
        // A backstop only: the platform enforces the queue timeout and the run deadline (from container start) itself.
        Assert.Equal((24 * 60 * 60) + (90 * 60) + 600, spec.ActiveDeadlineSeconds);
        Assert.Equal(600, spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.Equal(3600, spec.TtlSecondsAfterFinished);
        Assert.Equal(k8sJob.Metadata.Labels, spec.Template.Metadata.Labels);
        Assert.Equal(k8sJob.Metadata.Annotations, spec.Template.Metadata.Annotations);

        var pod = spec.Template.Spec;
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Equal(TenantManifests.ServiceAccountName, pod.ServiceAccountName);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        // The flavor's GPU type selects the nodes GPU Feature Discovery labelled with that product, beside the flavor's own labels.
        Assert.Equal(new Dictionary<string, string> { ["nvidia.com/gpu.present"] = "true", ["nvidia.com/gpu.product"] = "NVIDIA-A100-SXM4-80GB" }, pod.NodeSelector);
        Assert.Equal("nvidia", pod.RuntimeClassName);
        Assert.False(pod.ShareProcessNamespace);
        Assert.Equal([("nvidia.com/gpu", "Exists", (string?)null, "NoSchedule"), ("dedicated", "Equal", (string?)"gpu", "NoExecute")],
            pod.Tolerations.Select(t => (t.Key, t.OperatorProperty, (string?)t.Value, t.Effect)).ToArray());
        Assert.Null(pod.HostNetwork);
        Assert.Empty(RestrictedPodSecurity.Violations(pod));

        var main = Assert.Single(pod.Containers);
        Assert.Equal("job", main.Name);
        Assert.Equal($"registry.example.org/eucaim/sample-job@{TestJobs.Digest}", main.Image);
        Assert.Equal(["python"], main.Command);
        Assert.Equal(["train.py", "--epochs", "3"], main.Args);
        Assert.Equal("2", main.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("8", main.Resources.Limits["cpu"].ToString());
        Assert.Equal("64Gi", main.Resources.Limits["memory"].ToString());
        Assert.Equal("100Gi", main.Resources.Limits["ephemeral-storage"].ToString());
        var context = main.SecurityContext;
        Assert.Equal((false, true, true), (context.AllowPrivilegeEscalation, context.ReadOnlyRootFilesystem, context.RunAsNonRoot));
        Assert.Equal(["ALL"], context.Capabilities.Drop);
        Assert.Null(context.Capabilities.Add);
        Assert.Equal("RuntimeDefault", context.SeccompProfile.Type);
        Assert.Equal([("data", "/data", true), ("output", "/output", false), ("tmp", "/tmp", false), ("shm", "/dev/shm", false)],
            main.VolumeMounts.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty == true)).ToArray());
        var env = main.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("3", env["EPOCHS"]);
        Assert.Equal("/data", env["EUCAIM_DATASETS"]);
        Assert.Equal("/output", env["EUCAIM_OUTPUT"]);
        Assert.Equal($"/data/{dataset:N}", env[JobRules.DatasetVariable(dataset.ToString("N"))]);
        Assert.DoesNotContain(main.Env, e => e.ValueFrom is not null);
        // The GPU container's devices are the device plugin's: the platform names none, and the driver gives CUDA and nvidia-smi only.
        Assert.DoesNotContain("NVIDIA_VISIBLE_DEVICES", env.Keys);
        Assert.DoesNotContain("CUDA_VISIBLE_DEVICES", env.Keys);
        Assert.Equal("compute,utility", env["NVIDIA_DRIVER_CAPABILITIES"]);
        Assert.All(pod.InitContainers, c => Assert.Equal([("NVIDIA_VISIBLE_DEVICES", "void")], c.Env.Select(e => (e.Name, e.Value))));
        Assert.All(pod.InitContainers, c => Assert.DoesNotContain("nvidia.com/gpu", c.Resources.Limits.Keys));

        // Scratch: every emptyDir is bounded; /dev/shm is memory-backed, sized by the flavor (a quarter of 64 GiB, at most 16 GiB).
        var volumes = pod.Volumes.Where(v => v.EmptyDir is not null).ToDictionary(v => v.Name, v => v.EmptyDir);
        Assert.Equal(["data", "helper-tmp", "output", "shm", "tmp"], volumes.Keys.Order(StringComparer.Ordinal));
        Assert.All(["data", "output", "tmp"], name => Assert.Equal(("100Gi", (string?)null), (volumes[name].SizeLimit.ToString(), volumes[name].Medium)));
        // The helpers' /tmp holds no copy of the outputs (the archive streams to storage): the helper's own ephemeral storage.
        Assert.Equal("1Gi", volumes["helper-tmp"].SizeLimit.ToString());
        Assert.Equal(("16Gi", "Memory"), (volumes["shm"].SizeLimit.ToString(), volumes["shm"].Medium));

        // No DNS: a name server that answers nothing; the helpers' endpoints come from /etc/hosts.
        Assert.Equal("None", pod.DnsPolicy);
        Assert.Equal(["127.0.0.1"], pod.DnsConfig.Nameservers);
        Assert.Null(pod.DnsConfig.Searches);
        Assert.Equal([("10.20.0.4", "eucaimstorage.blob.core.windows.net"), ("10.96.100.80", "eucaim-api.eucaim.svc")],
            pod.HostAliases.Select(h => (h.Ip, string.Join(' ', h.Hostnames))));

        // The staging secret reaches only the init container and the output sidecar, never the job container; the helpers' /tmp is their own.
        Assert.Equal(["stage-datasets", "upload-outputs"], pod.InitContainers.Select(c => c.Name));
        Assert.All(pod.InitContainers, c => Assert.Contains(c.VolumeMounts, m => m is { Name: "helper-tmp", MountPath: "/tmp" }));
        Assert.DoesNotContain(main.VolumeMounts, m => m.Name == "helper-tmp");
        Assert.All(pod.InitContainers, c => Assert.StartsWith("ghcr.io/eucaim/workers@sha256:", c.Image));
        Assert.Contains(pod.InitContainers[0].VolumeMounts, m => m is { Name: "data", MountPath: "/data", ReadOnlyProperty: not true });
        Assert.Contains(pod.InitContainers[1].VolumeMounts, m => m is { Name: "output", ReadOnlyProperty: true });
        Assert.Equal("Always", pod.InitContainers[1].RestartPolicy);
        Assert.DoesNotContain(main.VolumeMounts, m => m.Name == "staging");
        Assert.All(pod.Volumes.Where(v => v.Name != "staging"), v => Assert.NotNull(v.EmptyDir));
        Assert.All(pod.InitContainers, c => Assert.DoesNotContain(c.VolumeMounts, m => m.Name == "shm"));
        Assert.Equal(KubernetesJobManifests.SecretName(job.Id), pod.Volumes.Single(v => v.Name == "staging").Secret.SecretName);

        // The helpers trade the job's token for links at the platform's endpoint; the Secret holds nothing else.
        Assert.Equal(["stage-datasets", $"http://eucaim-api.eucaim.svc:8080/api/jobs/{job.Id:D}/staging/datasets", "/staging/token", "/data"], pod.InitContainers[0].Args);
        Assert.Equal(["upload-outputs", $"http://eucaim-api.eucaim.svc:8080/api/jobs/{job.Id:D}/staging/outputs", "/staging/token", "/output"], pod.InitContainers[1].Args);
        var (token, _) = JobStagingToken.Issue();
        var secret = KubernetesJobManifests.Secret(job, token);
        Assert.Equal([KubernetesJobManifests.TokenFile], secret.StringData.Keys);
        var yaml = new StringBuilder().Append(KubernetesYaml.Serialize(k8sJob)).Append("\n---\n").Append(KubernetesYaml.Serialize(secret)).ToString();
        var (exitCode, output) = await K8sValidate.RunAsync(yaml);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"ok Job/eucaim-job-{job.Id:N}", output);
        Assert.Contains($"ok Secret/eucaim-job-{job.Id:N}-staging", output);
    }

    [Fact]
    public void A_cpu_job_sees_no_gpu_whatever_its_image_says_and_gets_no_gpu_runtime_or_gpu_type()
    {
        var job = TestJobs.Job();

        var pod = _manifests.Job(job, TestJobs.CpuFlavor()).Spec.Template.Spec;

        Assert.All(pod.InitContainers.Concat(pod.Containers), c => Assert.Contains(c.Env, e => e is { Name: "NVIDIA_VISIBLE_DEVICES", Value: "void" }));
        Assert.All(pod.InitContainers.Concat(pod.Containers), c => Assert.DoesNotContain("nvidia.com/gpu", c.Resources.Limits.Keys));
        Assert.Null(pod.RuntimeClassName);
        Assert.Null(pod.NodeSelector);
        // 4096 MiB of memory: /dev/shm may take a quarter of it, and the default scratch is 20 GiB.
        Assert.Equal("1Gi", pod.Volumes.Single(v => v.Name == "shm").EmptyDir.SizeLimit.ToString());
        Assert.Equal("20Gi", pod.Containers[0].Resources.Requests["ephemeral-storage"].ToString());
    }

    [Fact]
    public void A_flavor_may_name_its_own_runtime_class_and_shared_memory_and_an_empty_option_leaves_gpu_pods_on_the_default_runtime()
    {
        var flavor = TestJobs.GpuFlavor();
        flavor.RuntimeClassName = "nvidia-cdi";
        flavor.SharedMemoryMib = 2048;

        var pod = _manifests.Job(TestJobs.Job(), flavor).Spec.Template.Spec;

        Assert.Equal("nvidia-cdi", pod.RuntimeClassName);
        Assert.Equal("2Gi", pod.Volumes.Single(v => v.Name == "shm").EmptyDir.SizeLimit.ToString());

        var options = TestJobs.Options();
        options.Kubernetes.GpuRuntimeClassName = "";
        options.Kubernetes.GpuTypeLabel = "";
        var plain = new KubernetesJobManifests(options).Job(TestJobs.Job(), TestJobs.GpuFlavor()).Spec.Template.Spec;
        Assert.Null(plain.RuntimeClassName);
        Assert.Equal(new Dictionary<string, string> { ["nvidia.com/gpu.present"] = "true" }, plain.NodeSelector);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_container_has_requests_equal_to_limits_so_the_pod_is_guaranteed(bool gpu)
    {
        var pod = _manifests.Job(TestJobs.Job(datasets: [(Guid.NewGuid(), 1)]), gpu ? TestJobs.GpuFlavor() : TestJobs.CpuFlavor()).Spec.Template.Spec;

        var containers = pod.InitContainers.Concat(pod.Containers).ToList();
        Assert.Equal(3, containers.Count);
        foreach (var container in containers)
        {
            var (requests, limits) = (container.Resources.Requests, container.Resources.Limits);
            Assert.Equal(limits.Keys.Order(StringComparer.Ordinal), requests.Keys.Order(StringComparer.Ordinal));
            Assert.Superset(new HashSet<string> { "cpu", "memory", "ephemeral-storage" }, limits.Keys.ToHashSet());
            Assert.All(limits, l => Assert.Equal(l.Value.ToDecimal(), requests[l.Key].ToDecimal()));
        }

        Assert.Equal("Guaranteed", QosClass(pod));
    }

    /// <summary>Kubernetes' QoS class (pkg/apis/core/helper/qos): Guaranteed when every container states cpu and memory limits equal to its requests.</summary>
    private static string QosClass(k8s.Models.V1PodSpec pod)
    {
        var containers = pod.InitContainers.Concat(pod.Containers).ToList();
        var guaranteed = containers.All(c => new[] { "cpu", "memory" }.All(r =>
            c.Resources?.Limits?.TryGetValue(r, out var limit) == true && c.Resources.Requests?.TryGetValue(r, out var request) == true
            && limit.ToDecimal() == request.ToDecimal()));
        return guaranteed ? "Guaranteed" : containers.Any(c => c.Resources?.Requests?.Count > 0 || c.Resources?.Limits?.Count > 0) ? "Burstable" : "BestEffort";
    }

    [Fact]
    public async Task The_offline_checks_catch_what_a_careless_manifest_would_get_wrong()
    {
        var job = TestJobs.Job();
        var k8sJob = _manifests.Job(job, TestJobs.GpuFlavor());
        var pod = k8sJob.Spec.Template.Spec;
        pod.Containers[0].SecurityContext.AllowPrivilegeEscalation = true;
        pod.AutomountServiceAccountToken = null;
        pod.Containers[0].SecurityContext.ReadOnlyRootFilesystem = false;
        var violations = RestrictedPodSecurity.Violations(pod).ToList();
        Assert.Contains(violations, v => v.Contains("allowPrivilegeEscalation", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("automountServiceAccountToken", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("readOnlyRootFilesystem", StringComparison.Ordinal));

        var yaml = KubernetesYaml.Serialize(_manifests.Job(job, TestJobs.GpuFlavor())).Replace("backoffLimit: 0", "backoffLimit: none", StringComparison.Ordinal);
        var (exitCode, output) = await K8sValidate.RunAsync(yaml);
        Assert.Equal(1, exitCode);
        Assert.Contains("invalid Job/", output);
    }
}
