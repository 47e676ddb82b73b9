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
        Assert.Equal(new Dictionary<string, string> { ["nvidia.com/gpu.product"] = "NVIDIA-A100-SXM4-80GB" }, pod.NodeSelector);
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
        var context = main.SecurityContext;
        Assert.Equal((false, true, true), (context.AllowPrivilegeEscalation, context.ReadOnlyRootFilesystem, context.RunAsNonRoot));
        Assert.Equal(["ALL"], context.Capabilities.Drop);
        Assert.Null(context.Capabilities.Add);
        Assert.Equal("RuntimeDefault", context.SeccompProfile.Type);
        Assert.Equal([("data", "/data", true), ("output", "/output", false), ("tmp", "/tmp", false)],
            main.VolumeMounts.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty == true)).ToArray());
        var env = main.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("3", env["EPOCHS"]);
        Assert.Equal("/data", env["EUCAIM_DATASETS"]);
        Assert.Equal("/output", env["EUCAIM_OUTPUT"]);
        Assert.Equal($"/data/{dataset:N}", env[JobRules.DatasetVariable(dataset.ToString("N"))]);
        Assert.DoesNotContain(main.Env, e => e.ValueFrom is not null);

        // The staging secret reaches only the init container and the output sidecar, never the job container.
        Assert.Equal(["stage-datasets", "upload-outputs"], pod.InitContainers.Select(c => c.Name));
        Assert.All(pod.InitContainers, c => Assert.StartsWith("ghcr.io/eucaim/workers@sha256:", c.Image));
        Assert.Contains(pod.InitContainers[0].VolumeMounts, m => m is { Name: "data", MountPath: "/data", ReadOnlyProperty: not true });
        Assert.Contains(pod.InitContainers[1].VolumeMounts, m => m is { Name: "output", ReadOnlyProperty: true });
        Assert.Equal("Always", pod.InitContainers[1].RestartPolicy);
        Assert.DoesNotContain(main.VolumeMounts, m => m.Name == "staging");
        Assert.All(pod.Volumes.Where(v => v.Name != "staging"), v => Assert.NotNull(v.EmptyDir));
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
