using Eucaim.Tenants.Tests;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// The platform namespace denies by default; the api is reachable from the ingress, the portal and job
/// pods (for the token exchange) only, the portal from the ingress only, the workers from nowhere.
/// </summary>
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    /// <summary>The trees with a portal: a federated node runs none (<see cref="Kustomize.PortalTrees"/>); NodeTests checks its api's peers.</summary>
    public static TheoryData<string> PortalTrees() => [.. Kustomize.PortalTrees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Everything_in_the_platform_namespace_is_denied_unless_allowed(string tree)
    {
        var policies = Policies(await Kustomize.RenderAsync(tree));

        var deny = policies.Single(p => p.Metadata.Name == "default-deny");
        Assert.Empty(deny.Spec.PodSelector.MatchLabels ?? new Dictionary<string, string>());
        Assert.Empty(deny.Spec.PodSelector.MatchExpressions ?? []);
        Assert.Equal(["Ingress", "Egress"], deny.Spec.PolicyTypes);
        Assert.Null(deny.Spec.Ingress);
        Assert.Null(deny.Spec.Egress);
        // An egress rule without `to` would allow every destination.
        Assert.All(policies.SelectMany(p => p.Spec.Egress ?? []), rule => Assert.NotEmpty(rule.To ?? []));
        Assert.All(policies.SelectMany(p => p.Spec.Ingress ?? []), rule => Assert.NotEmpty(rule.FromProperty ?? []));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task No_rule_lets_anything_reach_the_workers_or_the_migrations(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var policies = Policies(rendered);

        foreach (var owner in new[] { "Deployment/eucaim/workers", "Job/eucaim/migrations" })
        {
            var labels = Labels(rendered, owner);
            var selecting = policies.Where(p => p.Spec.PodSelector.Matches(labels)).ToList();
            Assert.Contains(selecting, p => p.Metadata.Name == "default-deny");
            Assert.All(selecting, p => Assert.Empty(p.Spec.Ingress ?? []));
        }

        Assert.DoesNotContain(rendered.All<V1Service>("Service"), s => (s.Spec.Selector is { } selector && selector.TryGetValue("app.kubernetes.io/name", out var name) ? name : null) is "workers" or "migrations");
    }

    // The trees with a portal; a node's api (no portal) is checked by NodeTests.
    [Theory]
    [InlineData("base")]
    [InlineData("overlays/try")]
    [InlineData("overlays/production")]
    public async Task The_api_is_reachable_only_from_the_ingress_controllers_namespace_the_portal_and_job_pods_in_tenant_namespaces(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var labels = Labels(rendered, "Deployment/eucaim/api");

        var rules = Policies(rendered).Where(p => p.Spec.PodSelector.Matches(labels)).SelectMany(p => p.Spec.Ingress ?? []).ToList();

        Assert.Equal(3, rules.Count);
        Assert.All(rules, r => Assert.Equal(["8080"], r.Ports.Select(p => p.Port.Value)));
        var peers = rules.Select(r => Assert.Single(r.FromProperty)).ToList();
        Assert.All(peers, p => Assert.Null(p.IpBlock));
        var ingress = Assert.Single(peers, p => p.PodSelector is null);
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "ingress-nginx" }, ingress.NamespaceSelector.MatchLabels);

        // The portal, in this namespace (no namespace selector), by its pods' labels and nothing wider.
        var portal = Assert.Single(peers, p => p.NamespaceSelector is null);
        Assert.True(portal.PodSelector.Matches(Labels(rendered, "Deployment/eucaim/web")));
        Assert.All(rendered.PodTemplates().Where(t => t.Owner != "Deployment/eucaim/web"), t => Assert.False(portal.PodSelector.Matches(t.Template.Metadata.Labels), t.Owner));

        // Job pods reach it only for the token exchange: the pods the job backend made, in namespaces that are tenants'.
        var jobPods = Assert.Single(peers, p => p.PodSelector is not null && p.NamespaceSelector is not null);
        Assert.Equal(new Dictionary<string, string> { [TenantManifests.ManagedByLabel] = KubernetesJobManifests.ManagedBy }, jobPods.PodSelector.MatchLabels);
        var tenantNamespaces = Assert.Single(jobPods.NamespaceSelector.MatchExpressions);
        Assert.Equal((TenantManifests.TenantLabel, "Exists"), (tenantNamespaces.Key, tenantNamespaces.OperatorProperty));

        // ...on the port and to the pods the tenants' own allow-staging egress names.
        var allowStaging = TestTenants.Manifests().AllowStaging(TestTenants.Spec()).Spec.Egress.Single();
        Assert.Equal(allowStaging.Ports.Select(p => p.Port.Value), rules.Single(r => r.FromProperty.Single() == jobPods).Ports.Select(p => p.Port.Value));
        Assert.True(allowStaging.To.Single().PodSelector.Matches(labels));
        Assert.Equal("eucaim", allowStaging.To.Single().NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);

        var container = rendered.Single<V1Deployment>("Deployment", "api").Spec.Template.Spec.Containers.Single();
        Assert.Contains(container.Ports, p => p.ContainerPort == 8080);
    }

    [Theory]
    [MemberData(nameof(PortalTrees))]
    public async Task The_portal_is_reachable_only_from_the_ingress_controllers_namespace(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var policies = Policies(rendered);
        var labels = Labels(rendered, "Deployment/eucaim/web");

        var rule = Assert.Single(policies.Where(p => p.Spec.PodSelector.Matches(labels)).SelectMany(p => p.Spec.Ingress ?? []));

        Assert.Equal(["8080"], rule.Ports.Select(p => p.Port.Value));
        var peer = Assert.Single(rule.FromProperty);
        Assert.Null(peer.IpBlock);
        Assert.Null(peer.PodSelector);
        // The same namespace as the Api's ingress rule: one controller serves the one host.
        var api = policies.Single(p => p.Metadata.Name == "api-from-ingress").Spec.Ingress.Single().FromProperty.Single();
        Assert.Equal(api.NamespaceSelector.MatchLabels, peer.NamespaceSelector.MatchLabels);
        Assert.Contains(rendered.Single<V1Deployment>("Deployment", "web").Spec.Template.Spec.Containers.Single().Ports, p => p.ContainerPort == 8080);
    }

    [Theory]
    [MemberData(nameof(PortalTrees))]
    public async Task The_portal_may_reach_the_api_pods_on_the_port_its_service_forwards_to(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var labels = Labels(rendered, "Deployment/eucaim/web");
        var rule = Assert.Single(Policies(rendered).Single(p => p.Metadata.Name == "egress-api").Spec.Egress);
        var api = rendered.Single<V1Deployment>("Deployment", "api").Spec.Template.Spec.Containers.Single();
        var service = rendered.Single<V1Service>("Service", "api").Spec.Ports.Single();

        Assert.True(Policies(rendered).Single(p => p.Metadata.Name == "egress-api").Spec.PodSelector.Matches(labels));
        var to = Assert.Single(rule.To);
        Assert.Null(to.NamespaceSelector);
        Assert.True(to.PodSelector.Matches(Labels(rendered, "Deployment/eucaim/api")));
        var port = api.Ports.Single(p => p.Name == service.TargetPort.Value).ContainerPort;
        Assert.Equal([port.ToString(System.Globalization.CultureInfo.InvariantCulture)], rule.Ports.Select(p => p.Port.Value));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Egress_goes_only_to_dns_the_database_blob_storage_the_identity_provider_the_kubernetes_api_and_at_a_node_the_hub(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var policies = Policies(rendered);

        var expected = new Dictionary<string, string[]>
        {
            ["Deployment/eucaim/api"] = ["allow-dns", "egress-blob-storage", "egress-database", "egress-identity-provider"],
            ["Deployment/eucaim/workers"] = ["allow-dns", "egress-blob-storage", "egress-database", "egress-kubernetes-api"],
            ["Job/eucaim/migrations"] = ["allow-dns", "egress-blob-storage", "egress-database"],
        };
        if (Kustomize.HasPortal(tree))
        {
            expected["Deployment/eucaim/web"] = ["allow-dns", "egress-api", "egress-identity-provider"];
        }
        else
        {
            // A node's Workers also reach the hub, and nothing else does (NodeTests checks the rule itself).
            expected["Deployment/eucaim/workers"] = [.. expected["Deployment/eucaim/workers"].Append("egress-federation-hub").Order(StringComparer.Ordinal)];
        }
        foreach (var (owner, allowed) in expected)
        {
            var labels = Labels(rendered, owner);
            var granting = policies.Where(p => p.Spec.PodSelector.Matches(labels) && (p.Spec.Egress?.Count ?? 0) > 0).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal);
            Assert.Equal(allowed, granting);
        }
    }

    private static List<V1NetworkPolicy> Policies(RenderedTree tree) =>
        [.. tree.All<V1NetworkPolicy>("NetworkPolicy").Where(p => p.Metadata.NamespaceProperty == "eucaim")];

    private static IDictionary<string, string> Labels(RenderedTree tree, string owner) =>
        tree.PodTemplates().Single(t => t.Owner == owner).Template.Metadata.Labels;
}
