using Eucaim.Tenants.Tests;
using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>Every tree renders with <c>kubectl kustomize</c> and every object is valid against the Kubernetes schemas, offline.</summary>
public sealed class RenderTests
{
    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_tree_renders_and_every_object_validates_against_the_kubernetes_schemas(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);

        var (exitCode, output) = await K8sValidate.RunAsync(Kustomize.JoinWrappedBase64(rendered.Yaml));

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{rendered.Objects.Count} object(s), 0 invalid", output);
        Assert.Equal(rendered.Objects.Count, rendered.Objects.Select(o => o.Id).Distinct().Count());
        foreach (var required in new[] { "Namespace/eucaim", "Deployment/eucaim/api", "Deployment/eucaim/workers", "Job/eucaim/migrations", "Service/eucaim/api",
                     "Ingress/eucaim/api", "PodDisruptionBudget/eucaim/api", "ConfigMap/eucaim/eucaim-settings", "ServiceAccount/eucaim/eucaim-api",
                     "ServiceAccount/eucaim/eucaim-workers", "ServiceAccount/eucaim/eucaim-migrations" })
        {
            Assert.Contains(required, rendered.Objects.Select(o => o.Id));
        }

        foreach (var portal in PortalObjects)
        {
            // A federated node runs no portal: none of its objects may be left half-removed.
            if (Kustomize.HasPortal(tree))
            {
                Assert.Contains(portal, rendered.Objects.Select(o => o.Id));
            }
            else
            {
                Assert.DoesNotContain(portal, rendered.Objects.Select(o => o.Id));
            }
        }
    }

    /// <summary>The portal's objects in the base (web.yaml, its Ingress, settings and account).</summary>
    internal static readonly string[] PortalObjects =
    [
        "Deployment/eucaim/web", "Service/eucaim/web", "Ingress/eucaim/web", "ConfigMap/eucaim/eucaim-web-settings", "ServiceAccount/eucaim/eucaim-web",
        "PersistentVolumeClaim/eucaim/web-data-protection",
    ];

    [Fact]
    public async Task The_schema_validation_rejects_a_broken_tree()
    {
        var rendered = await Kustomize.RenderAsync("base");
        var broken = rendered.Yaml.Replace("policyTypes:\n  - Ingress\n  - Egress", "policyTypes:\n  - Ingress\n  - Sideways", StringComparison.Ordinal);
        Assert.NotEqual(rendered.Yaml, broken);

        var (exitCode, output) = await K8sValidate.RunAsync(broken);

        Assert.Equal(1, exitCode);
        Assert.Contains("invalid NetworkPolicy/default-deny", output);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/production")]
    [InlineData(Kustomize.Node)]
    public async Task Base_production_and_node_reference_secrets_by_name_and_never_carry_one(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);

        Assert.DoesNotContain(rendered.Objects, o => o.Kind == "Secret");
        var referenced = rendered.PodTemplates()
            .SelectMany(p => p.Template.Spec.Containers.SelectMany(c => c.Env ?? []))
            .Where(e => e.ValueFrom?.SecretKeyRef is not null)
            .Select(e => $"{e.ValueFrom.SecretKeyRef.Name}/{e.ValueFrom.SecretKeyRef.Key}")
            .ToHashSet();
        string[] expected =
            ["eucaim-blobs/ConnectionStrings__blobs", "eucaim-database-owner/ConnectionStrings__eucaim", "eucaim-database/ConnectionStrings__eucaim",
             "eucaim-lslogin-portal/Authentication__LsLogin__ClientSecret", "eucaim-lslogin/Authentication__LsLogin__Introspection__ClientSecret"];
        // No portal at a node, so no portal client secret; the node's key comes as a file (NodeTests).
        Assert.Equal(
            Kustomize.HasPortal(tree) ? expected : [.. expected.Where(s => !s.StartsWith("eucaim-lslogin-portal/", StringComparison.Ordinal))],
            referenced.Order(StringComparer.Ordinal));
        var mounted = rendered.PodTemplates().SelectMany(p => p.Template.Spec.Volumes ?? []).Where(v => v.Secret is not null).Select(v => v.Secret.SecretName).Distinct();
        string[] mountedExpected = Kustomize.HasPortal(tree) ? [] : ["eucaim-federation-node"];
        Assert.Equal(mountedExpected, mounted);
    }

    [Fact]
    public async Task The_try_overlay_generates_every_referenced_secret_and_marks_it_development_only()
    {
        var rendered = await Kustomize.RenderAsync("overlays/try");
        var secrets = rendered.All<V1Secret>("Secret").ToDictionary(s => s.Metadata.Name);

        Assert.All(secrets.Values, s => Assert.Equal("true", s.Metadata.Labels["eucaim.eu/dev-only"]));
        foreach (var (owner, template) in rendered.PodTemplates())
        {
            foreach (var reference in template.Spec.Containers.SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
            {
                Assert.True(secrets.TryGetValue(reference.Name, out var secret), $"{owner} references the missing Secret {reference.Name}");
                Assert.Contains(reference.Key, secret.Data.Keys);
            }
        }
    }

    [Theory]
    [InlineData("overlays/try", "eucaim.localhost")]
    [InlineData("overlays/production", "eucaim.example.eu")]
    public async Task An_overlay_names_its_host_once_and_the_tls_entry_the_portal_and_the_public_url_follow(string tree, string host)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var ingress = rendered.Single<V1Ingress>("Ingress", "api");
        var portal = rendered.Single<V1Ingress>("Ingress", "web");
        var settings = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings");

        Assert.Equal(host, Assert.Single(ingress.Spec.Rules).Host);
        Assert.Equal([host], Assert.Single(ingress.Spec.Tls).Hosts);
        Assert.Equal($"https://{host}", settings.Data["Eucaim__Access__PublicUrl"]);
        // One site: the portal's Ingress has the same host, certificate and controller as the Api's.
        Assert.Equal(host, Assert.Single(portal.Spec.Rules).Host);
        Assert.Equal([host], Assert.Single(portal.Spec.Tls).Hosts);
        Assert.Equal(ingress.Spec.Tls.Single().SecretName, portal.Spec.Tls.Single().SecretName);
        Assert.Equal(ingress.Spec.IngressClassName, portal.Spec.IngressClassName);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_migrations_run_the_workers_image_and_job_pods_get_that_same_image_as_their_tools(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var workers = rendered.Single<V1Deployment>("Deployment", "workers").Spec.Template.Spec.Containers.Single(c => c.Name == "workers");
        var migrations = rendered.Single<V1Job>("Job", "migrations").Spec.Template.Spec.Containers.Single();

        Assert.Equal(workers.Image, migrations.Image);
        Assert.Equal(["migrate"], migrations.Args);
        Assert.Equal(workers.Image, rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data["Eucaim__Jobs__Kubernetes__ToolsImage"]);
    }

    [Theory]
    [InlineData("overlays/production")]
    [InlineData(Kustomize.Node)]
    public async Task Pinning_the_workers_image_by_digest_pins_the_tools_image_the_workers_require(string tree)
    {
        var digest = "sha256:" + new string('a', 64);
        var overlay = Path.Combine(Kustomize.DeployRoot, tree);
        var copy = Directory.CreateTempSubdirectory("eucaim-overlay-");
        try
        {
            foreach (var file in Directory.GetFiles(overlay))
            {
                File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
            }

            var kustomization = Path.Combine(copy.FullName, "kustomization.yaml");
            var text = await File.ReadAllTextAsync(kustomization);
            var pinned = text
                .Replace("../../base", Path.GetRelativePath(copy.FullName, Path.Combine(Kustomize.DeployRoot, "base")), StringComparison.Ordinal)
                .Replace("newName: registry.example.eu/eucaim/workers\n    newTag: \"1.0.0\"", $"newName: registry.example.eu/eucaim/workers\n    digest: {digest}", StringComparison.Ordinal);
            Assert.NotEqual(text, pinned);
            await File.WriteAllTextAsync(kustomization, pinned);

            var rendered = await Kustomize.RenderDirectoryAsync(copy.FullName);

            var tools = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data["Eucaim__Jobs__Kubernetes__ToolsImage"];
            Assert.Equal($"registry.example.eu/eucaim/workers@{digest}", tools);
            Assert.True(Eucaim.Workers.Jobs.Kubernetes.KubernetesJobManifests.IsPinned(tools));
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
