using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// A hospital's federated node (<c>deploy/overlays/node</c>): the Workers (and the migrations) in node
/// mode with the node's key and the hub's public key as files, no portal, the Workers alone reaching
/// the hub and only on 443, and nothing outside the cluster reaching the node but through the Api's
/// internal Ingress. The tree-level tests (schemas, Pod Security, RBAC, policies) render it too.
/// </summary>
public sealed partial class NodeTests
{
    private const string NodeKeySecret = "eucaim-federation-node";
    private const string NodeKeyItem = "node.pem";
    private const string HubKeyConfigMap = "eucaim-federation-hub";
    private const string HubKeyItem = "hub.pub.pem";
    private const string FederationPrefix = "Eucaim__Federation__";

    /// <summary>Every key of node mode (env form), as the Workers and the migrations read them.</summary>
    private static readonly string[] NodeSettings =
    [
        "Eucaim__Federation__Node__Id", "Eucaim__Federation__Node__HubUrl", "Eucaim__Federation__Node__SigningKeyFile",
        "Eucaim__Federation__Node__HubPublicKeyFile", "Eucaim__Federation__Node__Privacy__Epsilon", "Eucaim__Federation__Node__Privacy__MaxNoise",
        "Eucaim__Federation__Node__Privacy__SmallCellThreshold",
    ];

    public static TheoryData<string, string> NodeModeContainers() => new()
    {
        { "Deployment/eucaim/workers", "workers" },
        { "Job/eucaim/migrations", "migrations" },
    };

    [Theory]
    [MemberData(nameof(NodeModeContainers))]
    public async Task The_workers_and_the_migrations_get_every_federation_setting_and_its_key_files_from_the_secret_and_the_config_map(string owner, string container)
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);
        var pod = Pod(rendered, owner);
        var settings = Settings(rendered, pod.Containers.Single(c => c.Name == container));

        Assert.All(NodeSettings, key => Assert.False(string.IsNullOrWhiteSpace(settings.GetValueOrDefault(key)), $"{owner} lacks {key}"));
        Assert.Matches(Slug(), settings["Eucaim__Federation__Node__Id"]);
        var hub = new Uri(settings["Eucaim__Federation__Node__HubUrl"], UriKind.Absolute);
        Assert.Equal(Uri.UriSchemeHttps, hub.Scheme);
        // The privacy policy the federation agreed on, applied at the node before a count leaves it.
        Assert.Equal(1.0, double.Parse(settings["Eucaim__Federation__Node__Privacy__Epsilon"], CultureInfo.InvariantCulture));
        Assert.Equal(3, int.Parse(settings["Eucaim__Federation__Node__Privacy__MaxNoise"], CultureInfo.InvariantCulture));
        Assert.Equal(10, int.Parse(settings["Eucaim__Federation__Node__Privacy__SmallCellThreshold"], CultureInfo.InvariantCulture));

        // The node's private key: one item of the Secret, read-only, readable by the pod's group (fsGroup,
        // the image's user) and by no one else.
        var key = FileSource(pod, container, settings["Eucaim__Federation__Node__SigningKeyFile"]);
        Assert.NotNull(key.Volume.Secret);
        Assert.Equal((NodeKeySecret, NodeKeyItem), (key.Volume.Secret.SecretName, key.Key));
        Assert.True(key.Mount.ReadOnlyProperty);
        Assert.Equal(0, key.Mode & 0b000_000_111);
        Assert.NotEqual(0, key.Mode & 0b000_100_000);
        Assert.NotNull(pod.SecurityContext.FsGroup);
        Assert.Equal(pod.SecurityContext.RunAsGroup, pod.SecurityContext.FsGroup);

        // The hub's public key, as the hospital got it from GET /federation/key and compared out of band.
        var hubKey = FileSource(pod, container, settings["Eucaim__Federation__Node__HubPublicKeyFile"]);
        Assert.NotNull(hubKey.Volume.ConfigMap);
        Assert.Equal((HubKeyConfigMap, HubKeyItem), (hubKey.Volume.ConfigMap.Name, hubKey.Key));
        Assert.True(hubKey.Mount.ReadOnlyProperty);
    }

    [Fact]
    public async Task Only_the_workers_and_the_migrations_hold_the_federation_settings_or_the_keys_and_the_api_only_the_node_id()
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);
        var others = rendered.PodTemplates().Where(t => t.Owner is not ("Deployment/eucaim/workers" or "Job/eucaim/migrations")).ToList();

        Assert.Contains(others, t => t.Owner == "Deployment/eucaim/api");
        foreach (var (owner, template) in others)
        {
            foreach (var container in template.Spec.Containers)
            {
                // The Api is in node mode (it serves the data holders' say on runs) and knows nothing else of the link.
                var federation = Settings(rendered, container).Where(s => s.Key.StartsWith(FederationPrefix, StringComparison.Ordinal)).ToList();
                if (owner == "Deployment/eucaim/api" && container.Name == "api")
                {
                    Assert.Equal([$"{FederationPrefix}Node__Id"], federation.Select(s => s.Key));
                    Assert.Equal(Settings(rendered, Pod(rendered, "Deployment/eucaim/workers").Containers.Single(c => c.Name == "workers"))[$"{FederationPrefix}Node__Id"], federation[0].Value);
                }
                else
                {
                    Assert.Empty(federation);
                }
            }

            Assert.DoesNotContain(template.Spec.Volumes ?? [], v => v.Secret?.SecretName == NodeKeySecret || v.ConfigMap?.Name == HubKeyConfigMap
                || v.Projected?.Sources?.Any(s => s.Secret?.Name == NodeKeySecret || s.ConfigMap?.Name == HubKeyConfigMap) == true);
        }
    }

    [Fact]
    public async Task A_node_runs_no_portal_and_nothing_refers_to_one()
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);
        var ids = rendered.Objects.Select(o => o.Id).ToList();
        var portalPods = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "web" };

        Assert.Contains("Deployment/eucaim/api", ids);
        Assert.Contains("Ingress/eucaim/api", ids);
        Assert.All(RenderTests.PortalObjects, o => Assert.DoesNotContain(o, ids));
        Assert.DoesNotContain(rendered.Objects, o => o.Name.StartsWith("web", StringComparison.Ordinal) || o.Name.StartsWith("eucaim-web", StringComparison.Ordinal));
        Assert.DoesNotContain("eucaim-lslogin-portal", rendered.Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("eucaim/web", rendered.Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("app.kubernetes.io/name: web", rendered.Yaml, StringComparison.Ordinal);
        // No policy is left that selects, or admits, pods of a portal that is not there.
        foreach (var policy in rendered.All<V1NetworkPolicy>("NetworkPolicy").Where(p => !p.Spec.PodSelector.Matches(new Dictionary<string, string>())))
        {
            Assert.False(policy.Spec.PodSelector.Matches(portalPods), $"{policy.Metadata.Name} selects the portal's pods");
        }
    }

    [Fact]
    public async Task Only_the_workers_reach_the_hub_and_only_on_port_443()
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);
        var policies = rendered.All<V1NetworkPolicy>("NetworkPolicy").ToList();
        var link = policies.Single(p => p.Metadata.Name == "egress-federation-hub");
        var workers = Pod(rendered, "Deployment/eucaim/workers");
        var hubUrl = new Uri(Settings(rendered, workers.Containers.Single(c => c.Name == "workers"))["Eucaim__Federation__Node__HubUrl"]);

        Assert.Equal(["Egress"], link.Spec.PolicyTypes);
        Assert.Equal(["Deployment/eucaim/workers"], rendered.PodTemplates().Where(t => link.Spec.PodSelector.Matches(t.Template.Metadata.Labels)).Select(t => t.Owner));
        var rule = Assert.Single(link.Spec.Egress);
        var peer = Assert.Single(rule.To);
        Assert.Null(peer.PodSelector);
        Assert.Null(peer.NamespaceSelector);
        Assert.Empty(peer.IpBlock.Except ?? []);
        var hub = IPNetwork.Parse(peer.IpBlock.Cidr);
        var port = Assert.Single(rule.Ports);
        Assert.Equal(("TCP", "443"), (port.Protocol, port.Port.Value));
        Assert.Null(port.EndPort);
        // The link's URL goes to the port the policy opens (https, so 443).
        Assert.Equal(443, hubUrl.Port);

        // No other rule opens the hub's address, to the Workers or to anything else.
        foreach (var other in policies.Where(p => p != link))
        {
            foreach (var block in (other.Spec.Egress ?? []).SelectMany(r => r.To).Select(t => t.IpBlock).OfType<V1IPBlock>())
            {
                var cidr = IPNetwork.Parse(block.Cidr);
                Assert.False(cidr.Contains(hub.BaseAddress) || hub.Contains(cidr.BaseAddress), $"{other.Metadata.Name} opens {block.Cidr}, which overlaps the hub's {peer.IpBlock.Cidr}");
            }
        }
    }

    [Fact]
    public async Task Nothing_outside_the_cluster_reaches_the_node_but_through_the_apis_internal_ingress()
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);
        var policies = rendered.All<V1NetworkPolicy>("NetworkPolicy").ToList();
        var api = Labels(rendered, "Deployment/eucaim/api");
        var workers = Labels(rendered, "Deployment/eucaim/workers");

        // No door of the node's own: no load balancer, node port or host port; the one Service is the api's.
        var service = Assert.Single(rendered.All<V1Service>("Service"));
        Assert.Equal("api", service.Metadata.Name);
        Assert.True(service.Spec.Type is null or "ClusterIP");
        Assert.True(new V1LabelSelector { MatchLabels = service.Spec.Selector }.Matches(api));
        Assert.False(new V1LabelSelector { MatchLabels = service.Spec.Selector }.Matches(workers));
        Assert.All(rendered.PodTemplates(), t =>
        {
            Assert.NotEqual(true, t.Template.Spec.HostNetwork);
            Assert.All(t.Template.Spec.Containers.SelectMany(c => c.Ports ?? []), p => Assert.Null(p.HostPort));
        });

        // The one Ingress sends to the api Service only.
        var ingress = Assert.Single(rendered.All<V1Ingress>("Ingress"));
        Assert.Null(ingress.Spec.DefaultBackend);
        Assert.All(ingress.Spec.Rules.SelectMany(r => r.Http.Paths), p => Assert.Equal(service.Metadata.Name, p.Backend.Service.Name));

        // No policy admits an address range; every policy that admits anything selects the api pods only.
        var admitting = policies.Where(p => (p.Spec.Ingress?.Count ?? 0) > 0).ToList();
        Assert.DoesNotContain(admitting.SelectMany(p => p.Spec.Ingress).SelectMany(r => r.FromProperty), peer => peer.IpBlock is not null);
        Assert.All(admitting, p => Assert.Equal(["Deployment/eucaim/api"], rendered.PodTemplates().Where(t => p.Spec.PodSelector.Matches(t.Template.Metadata.Labels)).Select(t => t.Owner)));
        Assert.DoesNotContain(admitting, p => p.Spec.PodSelector.Matches(workers));

        // The api: from the internal ingress controller's namespace, and from job pods in tenant namespaces
        // for their token exchange; nothing else.
        var peers = admitting.SelectMany(p => p.Spec.Ingress).Select(r => Assert.Single(r.FromProperty)).ToList();
        Assert.Equal(2, peers.Count);
        var controller = Assert.Single(peers, p => p.PodSelector is null);
        Assert.Equal(["kubernetes.io/metadata.name"], controller.NamespaceSelector.MatchLabels.Keys);
        Assert.Empty(controller.NamespaceSelector.MatchExpressions ?? []);
        Assert.Equal("api-from-ingress", admitting.Single(p => p.Spec.Ingress.Any(r => r.FromProperty.Contains(controller))).Metadata.Name);
        var jobPods = Assert.Single(peers, p => p.PodSelector is not null);
        Assert.Equal(new Dictionary<string, string> { [TenantManifests.ManagedByLabel] = KubernetesJobManifests.ManagedBy }, jobPods.PodSelector.MatchLabels);
        Assert.Equal((TenantManifests.TenantLabel, "Exists"), (jobPods.NamespaceSelector.MatchExpressions.Single().Key, jobPods.NamespaceSelector.MatchExpressions.Single().OperatorProperty));
        Assert.All(admitting.SelectMany(p => p.Spec.Ingress), r => Assert.Equal(["8080"], r.Ports.Select(p => p.Port.Value)));
    }

    [Fact]
    public async Task The_node_names_its_internal_host_once_and_the_tls_entry_and_the_apis_url_follow()
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);
        var ingress = rendered.Single<V1Ingress>("Ingress", "api");
        var settings = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data;
        var hub = new Uri(Settings(rendered, Pod(rendered, "Deployment/eucaim/workers").Containers.Single(c => c.Name == "workers"))["Eucaim__Federation__Node__HubUrl"]);

        var host = Assert.Single(ingress.Spec.Rules).Host;
        Assert.Equal([host], Assert.Single(ingress.Spec.Tls).Hosts);
        Assert.Equal($"https://{host}", settings["Eucaim__Access__PublicUrl"]);
        // The node is not the hub: its own host, its own ingress class (the hospital's internal controller).
        Assert.NotEqual(hub.Host, host);
        Assert.False(string.IsNullOrWhiteSpace(ingress.Spec.IngressClassName));
    }

    [Fact]
    public async Task Every_object_of_the_node_is_labelled_as_part_of_the_platform()
    {
        var rendered = await Kustomize.RenderAsync(Kustomize.Node);

        Assert.All(rendered.Objects, o => Assert.True(
            o.As<V1ConfigMap>().Metadata.Labels?.TryGetValue("app.kubernetes.io/part-of", out var value) == true && value == "eucaim", $"{o.Id} lacks app.kubernetes.io/part-of=eucaim"));
    }

    /// <summary>A container's environment as the kubelet builds it: its envFrom ConfigMaps (which must be in the tree), then its env.</summary>
    private static Dictionary<string, string> Settings(RenderedTree tree, V1Container container)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            Assert.Null(source.Prefix);
            if (source.ConfigMapRef is { } reference)
            {
                var map = tree.Find("ConfigMap", reference.Name);
                Assert.True(map is not null, $"{container.Name} reads the ConfigMap {reference.Name}, which the tree lacks");
                foreach (var (key, value) in map.As<V1ConfigMap>().Data ?? new Dictionary<string, string>())
                {
                    settings[key] = value;
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            settings[variable.Name] = variable.Value
                ?? (variable.ValueFrom?.ConfigMapKeyRef is { } key ? tree.Single<V1ConfigMap>("ConfigMap", key.Name).Data[key.Key] : $"<{variable.Name} from a secret>");
        }

        return settings;
    }

    /// <summary>Where a file path of a container comes from: the mount it lies under, the volume, the item's key and its mode.</summary>
    private static (V1VolumeMount Mount, V1Volume Volume, string Key, int Mode) FileSource(V1PodSpec pod, string container, string path)
    {
        Assert.StartsWith("/", path, StringComparison.Ordinal);
        var mounts = pod.Containers.Single(c => c.Name == container).VolumeMounts ?? [];
        var mount = Assert.Single(mounts, m => m.SubPath is null && path.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal));
        var file = path[(mount.MountPath.TrimEnd('/').Length + 1)..];
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);
        var (items, defaultMode) = volume.Secret is { } secret ? (secret.Items, secret.DefaultMode)
            : volume.ConfigMap is { } map ? (map.Items, map.DefaultMode)
            : throw new Xunit.Sdk.XunitException($"{path} lies on volume {volume.Name}, neither a Secret nor a ConfigMap");
        // Listed items: exactly the one key, so a Secret or ConfigMap without it stops the pod at once.
        var item = Assert.Single(items ?? [], i => i.Path == file);
        // The kubelet's default for Secret and ConfigMap volumes is 0644.
        return (mount, volume, item.Key, item.Mode ?? defaultMode ?? Convert.ToInt32("644", 8));
    }

    private static V1PodSpec Pod(RenderedTree tree, string owner) => tree.PodTemplates().Single(t => t.Owner == owner).Template.Spec;

    private static IDictionary<string, string> Labels(RenderedTree tree, string owner) => tree.PodTemplates().Single(t => t.Owner == owner).Template.Metadata.Labels;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
