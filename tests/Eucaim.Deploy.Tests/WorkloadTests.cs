using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>Replicas, probes, disruption budget, spread and the install order the labels encode.</summary>
public sealed class WorkloadTests
{
    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_api_runs_two_replicas_spread_out_with_one_always_up_and_probes_on_alive_and_health(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var api = rendered.Single<V1Deployment>("Deployment", "api");
        var pdb = rendered.Single<V1PodDisruptionBudget>("PodDisruptionBudget", "api");

        Assert.True(api.Spec.Replicas >= 2);
        Assert.Equal("0", api.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", pdb.Spec.MinAvailable.Value);
        Assert.True(pdb.Spec.Selector.Matches(api.Spec.Template.Metadata.Labels));
        Assert.Contains(api.Spec.Template.Spec.TopologySpreadConstraints, c => c.TopologyKey == "kubernetes.io/hostname" && c.LabelSelector.Matches(api.Spec.Template.Metadata.Labels));
        Assert.Contains(api.Spec.Template.Spec.TopologySpreadConstraints, c => c.TopologyKey == "topology.kubernetes.io/zone");
        var service = rendered.Single<V1Service>("Service", "api");
        Assert.True(new V1LabelSelector { MatchLabels = service.Spec.Selector }.Matches(api.Spec.Template.Metadata.Labels));

        foreach (var name in Kustomize.HasPortal(tree) ? ["api", "workers", "web"] : new[] { "api", "workers" })
        {
            var container = rendered.Single<V1Deployment>("Deployment", name).Spec.Template.Spec.Containers.Single();
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.StartupProbe.HttpGet.Path);
        }
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_api_shares_its_rate_limit_budgets_over_exactly_its_replicas(string tree)
    {
        // Each replica counts on its own and enforces budget / Replicas: a stale count would give
        // every caller twice (or half) the budget the operator configured.
        var rendered = await Kustomize.RenderAsync(tree);
        var api = rendered.Single<V1Deployment>("Deployment", "api");
        var settings = rendered.Single<V1ConfigMap>("ConfigMap", "eucaim-settings");

        Assert.Equal(api.Spec.Replicas.ToString(), settings.Data["Eucaim__RateLimiting__Replicas"]);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_workers_run_two_replicas_and_roll_without_a_gap(string tree)
    {
        // Safe because the single-instance loops hold leases (docs/scale-out.md); the Role that lets
        // the Workers hold them is checked by the RBAC tests.
        var workers = (await Kustomize.RenderAsync(tree)).Single<V1Deployment>("Deployment", "workers");

        Assert.Equal(2, workers.Spec.Replicas);
        Assert.Equal("RollingUpdate", workers.Spec.Strategy.Type);
        Assert.Equal("0", workers.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_phase_labels_order_an_install_backing_objects_then_migrations_then_the_services(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        string? Phase(RenderedObject o) => o.As<KubernetesObjectWithLabels>().Metadata.Labels is { } labels && labels.TryGetValue("eucaim.eu/phase", out var phase) ? phase : null;

        Assert.Equal(["Job/eucaim/migrations"], rendered.Objects.Where(o => Phase(o) == "migrate").Select(o => o.Id));
        // A node runs no portal (Kustomize.PortalTrees).
        string[] serve = Kustomize.HasPortal(tree)
            ? ["Deployment/eucaim/api", "Deployment/eucaim/web", "Deployment/eucaim/workers"]
            : ["Deployment/eucaim/api", "Deployment/eucaim/workers"];
        Assert.Equal(serve, rendered.Objects.Where(o => Phase(o) == "serve").Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.All(rendered.Objects.Where(o => Phase(o) is not null), o => Assert.Contains(Phase(o), new[] { "migrate", "serve" }));
        // The migrations' owner connection string comes only to the Job, never to a long-running pod.
        foreach (var (owner, template) in rendered.PodTemplates().Where(t => t.Owner != "Job/eucaim/migrations"))
        {
            Assert.DoesNotContain(template.Spec.Containers.SelectMany(c => c.Env ?? []), e => e.ValueFrom?.SecretKeyRef?.Name.StartsWith("eucaim-database-owner", StringComparison.Ordinal) == true);
        }
    }

    private sealed class KubernetesObjectWithLabels
    {
        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
