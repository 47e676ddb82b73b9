using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// The portal in the trees: one replica whose Data Protection key ring outlives the pod, the Api's own
/// issuer and audience for its sign-in, and the api Service as the Api it calls.
/// </summary>
public sealed class PortalTests
{
    /// <summary>Data Protection's default key folder ($HOME/.aspnet/DataProtection-Keys) for the image's user `app` (uid 1654, HOME /home/app).</summary>
    private const string KeyRingFolder = "/home/app/.aspnet/DataProtection-Keys";

    /// <summary>The trees with a portal: a federated node runs none (<see cref="Kustomize.PortalTrees"/>).</summary>
    public static TheoryData<string> Trees() => [.. Kustomize.PortalTrees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_portal_runs_one_replica_whose_key_ring_lies_on_a_volume_that_outlives_the_pod(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var web = rendered.Single<V1Deployment>("Deployment", "web");
        var pod = web.Spec.Template.Spec;
        var container = pod.Containers.Single();

        // No shared key ring: a second replica would sign cookies the first cannot read.
        Assert.Equal(1, web.Spec.Replicas);
        // A rolling update would start the new pod while the old one holds the ReadWriteOnce volume.
        Assert.Equal("Recreate", web.Spec.Strategy.Type);
        // A budget of one available pod out of one would block every node drain.
        Assert.DoesNotContain(rendered.All<V1PodDisruptionBudget>("PodDisruptionBudget"), b => b.Spec.Selector.Matches(web.Spec.Template.Metadata.Labels));

        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == KeyRingFolder);
        Assert.NotEqual(true, mount.ReadOnlyProperty);
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);
        Assert.NotNull(volume.PersistentVolumeClaim);
        var claim = rendered.Single<V1PersistentVolumeClaim>("PersistentVolumeClaim", volume.PersistentVolumeClaim.ClaimName);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        // Writable for the user the image runs as, on a read-only root filesystem.
        Assert.Equal(1654, pod.SecurityContext.RunAsUser);
        Assert.Equal(1654, pod.SecurityContext.FsGroup);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        // Only the web pod holds the keys that sign the portal's cookies.
        Assert.All(rendered.PodTemplates().Where(t => t.Owner != "Deployment/eucaim/web"),
            t => Assert.DoesNotContain(t.Template.Spec.Volumes ?? [], v => v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_portal_signs_in_with_the_issuer_and_audience_of_the_api_and_its_own_client_and_secret(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var web = rendered.Single<V1Deployment>("Deployment", "web").Spec.Template.Spec.Containers.Single();
        var api = rendered.Single<V1Deployment>("Deployment", "api").Spec.Template.Spec.Containers.Single();
        var apiSettings = Assert.Single(api.EnvFrom, e => e.ConfigMapRef is not null).ConfigMapRef.Name;

        foreach (var key in new[] { "Authentication__LsLogin__Authority", "Authentication__LsLogin__Audience" })
        {
            // Read from the very key the Api reads (no copy that could drift), and that key exists.
            var reference = web.Env.Single(e => e.Name == key).ValueFrom.ConfigMapKeyRef;
            Assert.Equal((apiSettings, key), (reference.Name, reference.Key));
            Assert.Contains(key, rendered.Single<V1ConfigMap>("ConfigMap", apiSettings).Data.Keys);
            Assert.DoesNotContain(api.Env ?? [], e => e.Name == key);
        }

        var own = rendered.Single<V1ConfigMap>("ConfigMap", Assert.Single(web.EnvFrom).ConfigMapRef.Name).Data;
        Assert.False(string.IsNullOrWhiteSpace(own["Authentication__LsLogin__ClientId"]));
        Assert.NotEqual(rendered.Single<V1ConfigMap>("ConfigMap", apiSettings).Data["Authentication__LsLogin__Introspection__ClientId"], own["Authentication__LsLogin__ClientId"]);
        var secret = web.Env.Single(e => e.Name == "Authentication__LsLogin__ClientSecret").ValueFrom.SecretKeyRef;
        // The try overlay's generated Secret carries kustomize's content hash in its name.
        Assert.Matches("^eucaim-lslogin-portal(-[a-z0-9]{10})?$", secret.Name);
        Assert.Equal("Authentication__LsLogin__ClientSecret", secret.Key);
        // Behind the ingress the portal must see https, or it would name http://…/signin-oidc as its redirect URI.
        Assert.Equal("true", own["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
    }

    [Fact]
    public async Task The_try_overlay_signs_in_at_the_dev_provider_as_its_portal_client()
    {
        var rendered = await Kustomize.RenderAsync("overlays/try");
        var own = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-web-settings").Data;
        var secret = rendered.All<V1Secret>("Secret").Single(s => s.Metadata.Name.StartsWith("eucaim-lslogin-portal", StringComparison.Ordinal));

        Assert.Equal("eucaim-portal", own["Authentication__LsLogin__ClientId"]);
        Assert.Equal("dev-portal-secret", System.Text.Encoding.UTF8.GetString(secret.Data["Authentication__LsLogin__ClientSecret"]));
        Assert.Equal("false", own["Authentication__LsLogin__RequireHttpsMetadata"]);
        Assert.StartsWith("http://lslogin:", rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data["Authentication__LsLogin__Authority"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_portal_calls_the_api_service_in_the_cluster(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var address = new Uri(rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-web-settings").Data["Eucaim__Api"]);
        var service = rendered.Single<V1Service>("Service", "api");

        Assert.Equal("http", address.Scheme);
        Assert.Equal($"{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc", address.Host);
        Assert.Single(service.Spec.Ports, p => p.Port == address.Port);
        Assert.Equal("/", address.AbsolutePath);
    }
}
