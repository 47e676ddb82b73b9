using System.Net;
using System.Text;
using Eucaim.Workers.Jobs;
using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// Job pods resolve no names: every overlay gives their helpers the blob endpoint and the staging
/// endpoint in <c>/etc/hosts</c>, at addresses the tenants' egress policies let them reach.
/// </summary>
public sealed class JobPodNetworkTests
{
    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_host_aliases_are_settings_the_workers_accept(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var aliases = HostAliases(rendered);
        var staging = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data["Eucaim__Jobs__Kubernetes__StagingEndpoint"];

        Assert.Equal(2, aliases.Count);
        Assert.Empty(new KubernetesJobsOptions { HostAliases = aliases, StagingEndpoint = staging }.Validate());
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_staging_endpoint_is_the_api_service_on_the_port_the_tenants_egress_allows(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var staging = new Uri(rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data["Eucaim__Jobs__Kubernetes__StagingEndpoint"]);
        var service = rendered.Single<V1Service>("Service", "api");
        var container = rendered.Single<V1Deployment>("Deployment", "api").Spec.Template.Spec.Containers.Single();

        Assert.Equal($"{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc", staging.Host);
        var port = Assert.Single(service.Spec.Ports, p => p.Port == staging.Port);
        var target = Assert.Single(container.Ports, p => p.Name == port.TargetPort.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == port.TargetPort.Value);
        Assert.Equal(new Eucaim.Workers.Tenants.Kubernetes.KubernetesBackendOptions().StagingPort, target.ContainerPort);
    }

    [Theory]
    [InlineData("overlays/try")]
    [InlineData("overlays/production")]
    [InlineData(Kustomize.Node)]
    public async Task Each_alias_is_the_pinned_address_of_the_service_it_names_or_inside_the_storage_cidrs(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var settings = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data;
        var storage = settings.Where(s => s.Key.StartsWith("Eucaim__Compute__Kubernetes__StorageCidrs__", StringComparison.Ordinal)).Select(s => IPNetwork.Parse(s.Value)).ToList();
        var services = rendered.All<V1Service>("Service")
            .SelectMany(s => new[] { ($"{s.Metadata.Name}.{s.Metadata.NamespaceProperty}.svc", s), ($"{s.Metadata.Name}.{s.Metadata.NamespaceProperty}.svc.cluster.local", s) })
            .ToDictionary(p => p.Item1, p => p.Item2);

        foreach (var entry in HostAliases(rendered))
        {
            var parts = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ip = IPAddress.Parse(parts[0]);
            foreach (var name in parts.Skip(1))
            {
                if (services.TryGetValue(name, out var service))
                {
                    Assert.Equal(parts[0], service.Spec.ClusterIP);
                }
                else
                {
                    Assert.Contains(storage, cidr => cidr.Contains(ip));
                }
            }
        }

        // The staging endpoint: the api Service, whose pods the tenants' allow-staging policy selects.
        Assert.Contains(HostAliases(rendered), e => e.Split(' ').Skip(1).Contains("api.eucaim.svc"));
    }

    [Fact]
    public async Task The_try_overlays_blob_endpoint_which_staging_links_name_is_aliased()
    {
        var rendered = await Kustomize.RenderAsync("overlays/try");
        var secret = rendered.All<V1Secret>("Secret").Single(s => s.Data.ContainsKey("ConnectionStrings__blobs"));
        var blobs = Encoding.UTF8.GetString(secret.Data["ConnectionStrings__blobs"]);
        var endpoint = blobs.Split(';').Single(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..];

        Assert.Contains(HostAliases(rendered), e => e.Split(' ').Skip(1).Contains(new Uri(endpoint).Host));
    }

    private static List<string> HostAliases(RenderedTree tree) =>
        [.. tree.Single<V1ConfigMap>("ConfigMap", "eucaim-settings").Data
            .Where(s => s.Key.StartsWith("Eucaim__Jobs__Kubernetes__HostAliases__", StringComparison.Ordinal))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Value)];
}
