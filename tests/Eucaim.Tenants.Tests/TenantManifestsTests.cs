using Eucaim.Core.Tenants;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Tenants.Tests;

/// <summary>What a tenant becomes on a cluster, validated offline against the Kubernetes schemas and Pod Security "restricted".</summary>
public sealed class TenantManifestsTests
{
    private readonly TenantManifests _manifests = TestTenants.Manifests();

    [Fact]
    public void A_tenant_is_a_restricted_namespace_with_quota_defaults_storage_and_staging_egress_only_and_a_tokenless_service_account()
    {
        var spec = TestTenants.Spec();

        var objects = _manifests.All(spec);

        Assert.Equal(
            ["Namespace/eucaim-tenant-a", "ResourceQuota/tenant-quota", "LimitRange/tenant-defaults", "NetworkPolicy/default-deny",
             "NetworkPolicy/allow-storage", "NetworkPolicy/allow-staging", "ServiceAccount/tenant-jobs", "RoleBinding/eucaim-workers-jobs"],
            objects.Select(o => $"{o.Kind}/{o.Metadata.Name}"));
        Assert.All(objects.Skip(1), o => Assert.Equal("eucaim-tenant-a", o.Metadata.NamespaceProperty));
        Assert.All(objects, o => Assert.Equal("tenant-a", o.Metadata.Labels[TenantManifests.TenantLabel]));
        // Researchers never get cluster credentials: no Role, no cluster-wide binding, and the one
        // RoleBinding names only the platform's Workers, never the tenant's own service account.
        Assert.DoesNotContain(objects, o => o.Kind is "ClusterRoleBinding" or "Role" or "ClusterRole");
        var binding = Assert.IsType<V1RoleBinding>(Assert.Single(objects, o => o.Kind == "RoleBinding"));
        Assert.Equal(("ClusterRole", "eucaim-tenant-jobs"), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "eucaim-workers", "eucaim"), (subject.Kind, subject.Name, subject.NamespaceProperty));

        var ns = (V1Namespace)objects[0];
        Assert.Empty(RestrictedPodSecurity.Violations(ns));
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);

        // The quota (32 cores, 128 GiB, 200 GiB scratch) plus, for each of the 3 concurrent jobs, its helpers' 250m, 256 MiB and 1 GiB.
        var hard = ((V1ResourceQuota)objects[1]).Spec.Hard.ToDictionary(h => h.Key, h => h.Value.ToString());
        Assert.Equal(new Dictionary<string, string>
        {
            ["requests.nvidia.com/gpu"] = "4",
            ["requests.cpu"] = "32750m",
            ["limits.cpu"] = "32750m",
            ["requests.memory"] = "131840Mi",
            ["limits.memory"] = "131840Mi",
            ["requests.ephemeral-storage"] = "203Gi",
            ["limits.ephemeral-storage"] = "203Gi",
            ["pods"] = "3",
            ["count/jobs.batch"] = "3",
        }, hard);
        // Every resource the quota limits has a container default, or a pod that states none would be refused.
        var defaults = ((V1LimitRange)objects[2]).Spec.Limits.Single();
        Assert.Equal(["cpu", "ephemeral-storage", "memory"], defaults.DefaultProperty.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(defaults.DefaultProperty.Keys, defaults.DefaultRequest.Keys);

        var deny = (V1NetworkPolicy)objects[3];
        Assert.Empty(deny.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Equal(["Ingress", "Egress"], deny.Spec.PolicyTypes);
        Assert.Null(deny.Spec.Ingress);
        Assert.Null(deny.Spec.Egress);
        var storage = (V1NetworkPolicy)objects[4];
        Assert.Equal("10.20.0.0/24", storage.Spec.Egress.Single().To.Single().IpBlock.Cidr);
        Assert.Equal([("TCP", "443")], storage.Spec.Egress.Single().Ports.Select(p => (p.Protocol, p.Port.Value)));
        // The staging endpoint: the Api pods of the platform namespace on their container port, nothing else of the cluster.
        var staging = (V1NetworkPolicy)objects[5];
        Assert.Equal(["Egress"], staging.Spec.PolicyTypes);
        var peer = staging.Spec.Egress.Single().To.Single();
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "eucaim" }, peer.NamespaceSelector.MatchLabels);
        Assert.Equal(new Dictionary<string, string> { ["app.kubernetes.io/name"] = "api" }, peer.PodSelector.MatchLabels);
        Assert.Equal([("TCP", "8080")], staging.Spec.Egress.Single().Ports.Select(p => (p.Protocol, p.Port.Value)));
        // No way out through DNS: no policy allows port 53 or names the cluster DNS.
        var policies = objects.OfType<V1NetworkPolicy>().ToList();
        Assert.DoesNotContain(policies.SelectMany(p => p.Spec.Egress ?? []).SelectMany(r => r.Ports ?? []), p => p.Port.Value == "53");
        Assert.DoesNotContain("kube-dns", _manifests.ToYaml(spec));
        Assert.DoesNotContain("169.254", _manifests.ToYaml(spec));

        Assert.False(((V1ServiceAccount)objects[6]).AutomountServiceAccountToken);
    }

    [Fact]
    public void A_suspended_tenant_keeps_its_objects_with_a_quota_of_zero()
    {
        var hard = _manifests.Quota(TestTenants.Spec(state: TenantState.Suspended)).Spec.Hard;

        Assert.All(hard.Values, q => Assert.Equal("0", q.ToString().TrimEnd('G', 'i')));
    }

    [Fact]
    public async Task Every_rendered_manifest_is_valid_against_the_kubernetes_schemas()
    {
        foreach (var state in new[] { TenantState.Active, TenantState.Suspended })
        {
            var (exitCode, output) = await K8sValidate.RunAsync(_manifests.ToYaml(TestTenants.Spec("tenant-b", state)));

            Assert.True(exitCode == 0, output);
            Assert.Contains("8 object(s), 0 invalid", output);
        }
    }

    [Fact]
    public async Task The_schema_validation_rejects_a_broken_manifest()
    {
        var policy = _manifests.DefaultDeny(TestTenants.Spec());
        var yaml = KubernetesYaml.Serialize(policy).Replace("- Egress", "- Sideways", StringComparison.Ordinal);

        var (exitCode, output) = await K8sValidate.RunAsync(yaml);

        Assert.Equal(1, exitCode);
        Assert.Contains("invalid NetworkPolicy/default-deny", output);
    }

    [Fact]
    public void Pod_security_restricted_accepts_a_hardened_pod_and_names_each_violation_of_a_careless_one()
    {
        var hardened = new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
            Containers = [new V1Container
            {
                Name = "train",
                Image = "registry.example/train:1",
                SecurityContext = new V1SecurityContext
                {
                    AllowPrivilegeEscalation = false,
                    ReadOnlyRootFilesystem = true,
                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                },
            }],
            Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }],
        };
        var careless = new V1PodSpec
        {
            HostNetwork = true,
            Containers = [new V1Container
            {
                Name = "train",
                Image = "registry.example/train:1",
                SecurityContext = new V1SecurityContext { Privileged = true, Capabilities = new V1Capabilities { Add = ["SYS_ADMIN"] } },
                Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 80 }],
            }],
            Volumes = [new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/" } }],
        };

        Assert.Empty(RestrictedPodSecurity.Violations(hardened));
        var violations = RestrictedPodSecurity.Violations(careless).ToList();
        foreach (var rule in new[] { "host namespaces", "automountServiceAccountToken", "volume host", "privileged", "allowPrivilegeEscalation",
                     "runAsNonRoot", "seccompProfile", "drop ALL", "NET_BIND_SERVICE", "hostPort", "readOnlyRootFilesystem" })
        {
            Assert.Contains(violations, v => v.Contains(rule, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("169.254.0.0/16")]
    [InlineData("0.0.0.0/0")]
    [InlineData("not-a-cidr")]
    public void Options_that_would_open_the_cloud_metadata_address_or_are_malformed_are_refused(string cidr)
    {
        var options = TestTenants.Options();
        options.StorageCidrs = [cidr];

        Assert.NotEmpty(options.Validate());
        Assert.Empty(TestTenants.Options().Validate());
    }

    [Fact]
    public void The_staging_endpoint_options_must_be_a_port_and_a_pod_label()
    {
        var options = TestTenants.Options();
        options.StagingPort = 0;
        options.StagingPodLabel = "api";

        Assert.Equal(2, options.Validate().Count(e => e.Contains("Staging", StringComparison.Ordinal)));
    }
}
