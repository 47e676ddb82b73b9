using Eucaim.Workers.Tenants.Kubernetes;
using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// Every pod the trees run passes Pod Security "restricted" (checked with the same rules as tenant
/// job pods), and the platform namespace enforces it.
/// </summary>
public sealed class PodSecurityTests
{
    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Every_pod_template_passes_pod_security_restricted(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var templates = rendered.PodTemplates().ToList();

        Assert.Contains(templates, t => t.Owner == "Deployment/eucaim/api");
        Assert.Contains(templates, t => t.Owner == "Deployment/eucaim/workers");
        Assert.Contains(templates, t => t.Owner == "Job/eucaim/migrations");
        if (Kustomize.HasPortal(tree))
        {
            Assert.Contains(templates, t => t.Owner == "Deployment/eucaim/web");
        }
        foreach (var (owner, template) in templates)
        {
            Assert.True(!RestrictedPodSecurity.Violations(template.Spec).Any(), $"{owner}: {string.Join(" ", RestrictedPodSecurity.Violations(template.Spec))}");
            var writable = template.Spec.Volumes?.Where(v => v.EmptyDir is not null).Select(v => v.Name).ToHashSet() ?? [];
            Assert.All(template.Spec.Containers, c => Assert.Contains(c.VolumeMounts ?? [], m => m.MountPath == "/tmp" && writable.Contains(m.Name)));
            Assert.All(template.Spec.Containers, c =>
            {
                Assert.NotNull(c.Resources?.Requests);
                Assert.NotNull(c.Resources?.Limits);
                Assert.Contains("memory", c.Resources!.Limits.Keys);
            });
        }

        if (tree == "overlays/try")
        {
            Assert.Contains(templates, t => t.Owner == "StatefulSet/eucaim/postgres");
        }
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_platform_namespace_enforces_restricted(string tree)
    {
        var ns = (await Kustomize.RenderAsync(tree)).Single<V1Namespace>("Namespace", "eucaim");

        Assert.Empty(RestrictedPodSecurity.Violations(ns));
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        // Tenant namespaces carry this label; the admission policy lets the Workers change only those.
        Assert.False(ns.Metadata.Labels.ContainsKey(TenantManifests.ManagedByLabel));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Only_the_workers_container_holds_a_kubernetes_token(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);

        foreach (var (owner, template) in rendered.PodTemplates())
        {
            var tokenVolumes = (template.Spec.Volumes ?? []).Where(v => v.Projected?.Sources?.Any(s => s.ServiceAccountToken is not null) == true).Select(v => v.Name).ToList();
            var mounting = template.Spec.Containers.Concat(template.Spec.InitContainers ?? [])
                .Where(c => (c.VolumeMounts ?? []).Any(m => tokenVolumes.Contains(m.Name))).Select(c => c.Name).ToList();
            if (owner == "Deployment/eucaim/workers")
            {
                Assert.Equal("eucaim-workers", template.Spec.ServiceAccountName);
                Assert.Equal(["workers"], mounting);
                var mount = template.Spec.Containers.Single().VolumeMounts.Single(m => tokenVolumes.Contains(m.Name));
                Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount", mount.MountPath);
                Assert.True(mount.ReadOnlyProperty);
            }
            else
            {
                Assert.True(tokenVolumes.Count == 0, $"{owner} mounts a service-account token");
            }
        }
    }
}
