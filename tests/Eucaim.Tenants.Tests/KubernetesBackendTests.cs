using System.Text.Json.Nodes;
using Eucaim.Core.Tenants;
using Eucaim.Tenants.Tests.FakeKubernetes;
using Eucaim.Workers.Tenants;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Tenants.Tests;

/// <summary>The reconciler and the Kubernetes backend against the in-process fake API server.</summary>
public sealed class KubernetesBackendTests : IAsyncLifetime
{
    private FakeKubernetesApiServer _server = null!;
    private Kubernetes _client = null!;
    private TenantReconciler _reconciler = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubernetesApiServer.StartAsync();
        _client = _server.CreateClient(TimeSpan.FromSeconds(2));
        _reconciler = new TenantReconciler(new KubernetesTenantBackend(_client, TestTenants.Manifests()), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_new_tenant_gets_exactly_its_objects_and_a_second_reconcile_writes_nothing()
    {
        var tenant = TestTenants.Tenant();

        var first = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.Equal(
            ["PATCH /api/v1/namespaces/eucaim-tenant-a",
             "PATCH /api/v1/namespaces/eucaim-tenant-a/resourcequotas/tenant-quota",
             "PATCH /api/v1/namespaces/eucaim-tenant-a/limitranges/tenant-defaults",
             "PATCH /apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies/default-deny",
             "PATCH /apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies/allow-storage",
             "PATCH /apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies/allow-staging",
             "PATCH /api/v1/namespaces/eucaim-tenant-a/serviceaccounts/tenant-jobs",
             "PATCH /apis/rbac.authorization.k8s.io/v1/namespaces/eucaim-tenant-a/rolebindings/eucaim-workers-jobs"],
            _server.Writes);
        Assert.True(Condition(tenant, TenantConditionTypes.Ready));
        Assert.True(Condition(tenant, TenantConditionTypes.Provisioned));
        Assert.False(Condition(tenant, TenantConditionTypes.Degraded));
        Assert.Equal(tenant.Generation, tenant.ObservedGeneration);
        Assert.Equal(TenantEventActions.Provisioned, first.Events.Single().Action);
        var stored = _server.Store.Get("/api/v1/namespaces/eucaim-tenant-a/resourcequotas", "tenant-quota")!;
        Assert.Equal("4", stored["spec"]!["hard"]!["requests.nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal(["allow-staging", "allow-storage", "default-deny"],
            _server.Store.List("/apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies").Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        Assert.False(_server.Store.Get("/api/v1/namespaces/eucaim-tenant-a/serviceaccounts", "tenant-jobs")!["automountServiceAccountToken"]!.GetValue<bool>());

        _server.ClearWrites();
        var second = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.Empty(_server.Writes);
        Assert.Empty(second.Events);
    }

    [Fact]
    public async Task A_deleted_network_policy_and_an_edited_quota_are_restored()
    {
        var tenant = TestTenants.Tenant();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        await _client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(TenantManifests.DefaultDenyName, "eucaim-tenant-a");
        var quota = await _client.CoreV1.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, "eucaim-tenant-a");
        quota.Spec.Hard["requests.nvidia.com/gpu"] = new ResourceQuantity("64");
        await _client.CoreV1.ReplaceNamespacedResourceQuotaAsync(quota, TenantManifests.QuotaName, "eucaim-tenant-a");
        _server.ClearWrites();

        var result = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.Equal(
            ["PATCH /api/v1/namespaces/eucaim-tenant-a/resourcequotas/tenant-quota",
             "PATCH /apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies/default-deny"],
            _server.Writes);
        var restored = await _client.CoreV1.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, "eucaim-tenant-a");
        Assert.Equal("4", restored.Spec.Hard["requests.nvidia.com/gpu"].ToString());
        Assert.NotNull(await _client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(TenantManifests.DefaultDenyName, "eucaim-tenant-a"));
        Assert.Contains("NetworkPolicy/default-deny", result.Events.Single().Detail);
    }

    [Fact]
    public async Task A_repair_restores_the_platforms_fields_and_keeps_what_other_field_managers_added()
    {
        var tenant = TestTenants.Tenant();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        // Another controller labels and annotates the quota and adds a limit of its own; someone raises the GPU limit.
        await _client.CoreV1.PatchNamespacedResourceQuotaAsync(new V1Patch(
            """{"metadata":{"labels":{"cost-center":"radiology"},"annotations":{"backup.example.org/policy":"daily"}},"spec":{"hard":{"count/configmaps":"10","requests.nvidia.com/gpu":"64"}}}""",
            V1Patch.PatchType.MergePatch), TenantManifests.QuotaName, "eucaim-tenant-a", fieldManager: "cost-controller");
        _server.ClearWrites();

        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        var repaired = await _client.CoreV1.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, "eucaim-tenant-a");
        Assert.Equal("4", repaired.Spec.Hard["requests.nvidia.com/gpu"].ToString());
        Assert.Equal("10", repaired.Spec.Hard["count/configmaps"].ToString());
        Assert.Equal("radiology", repaired.Metadata.Labels["cost-center"]);
        Assert.Equal(TenantManifests.ManagedBy, repaired.Metadata.Labels[TenantManifests.ManagedByLabel]);
        Assert.Equal("daily", repaired.Metadata.Annotations["backup.example.org/policy"]);
        Assert.Contains(repaired.Metadata.ManagedFields, f => f.Manager == KubernetesTenantBackend.FieldManager && f.Operation == "Apply");
        Assert.Equal(["PATCH /api/v1/namespaces/eucaim-tenant-a/resourcequotas/tenant-quota"], _server.Writes);

        _server.ClearWrites();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.Empty(_server.Writes);
    }

    [Theory]
    [InlineData(FaultKind.Status, 403)]
    [InlineData(FaultKind.Status, 500)]
    [InlineData(FaultKind.Hang, 0)]
    public async Task An_api_fault_leaves_the_tenant_degraded_not_ready_and_retried_with_backoff_until_it_heals(FaultKind kind, int status)
    {
        var tenant = TestTenants.Tenant();
        _server.Inject(new FakeKubernetesFault("PATCH", "/networkpolicies", kind, status, Times: 2));

        var before = DateTimeOffset.UtcNow;
        var failed = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.False(Condition(tenant, TenantConditionTypes.Ready));
        Assert.False(Condition(tenant, TenantConditionTypes.Provisioned));
        Assert.True(Condition(tenant, TenantConditionTypes.Degraded));
        Assert.Equal("BackendError", tenant.Conditions.Single(c => c.Type == TenantConditionTypes.Degraded).Reason);
        Assert.Equal(1, tenant.FailedAttempts);
        Assert.NotEqual(tenant.Generation, tenant.ObservedGeneration);
        Assert.True(tenant.NextReconcileAt >= before + TenantReconciler.Backoff(1));
        Assert.Equal(TenantEventActions.ProvisioningFailed, failed.Events.Single().Action);
        Assert.Null(_server.Store.Get("/api/v1/namespaces/eucaim-tenant-a/serviceaccounts", "tenant-jobs"));

        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.Equal(2, tenant.FailedAttempts);
        Assert.True(TenantReconciler.Backoff(2) > TenantReconciler.Backoff(1));

        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.True(Condition(tenant, TenantConditionTypes.Ready));
        Assert.False(Condition(tenant, TenantConditionTypes.Degraded));
        Assert.Equal(0, tenant.FailedAttempts);
        Assert.Equal(tenant.Generation, tenant.ObservedGeneration);
        Assert.Equal(3, _server.Store.List("/apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies").Count);
    }

    [Fact]
    public async Task Suspension_scales_the_quota_to_zero_and_resumption_restores_it()
    {
        var tenant = TestTenants.Tenant();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        tenant.State = TenantState.Suspended;
        tenant.Generation++;
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        var suspended = await _client.CoreV1.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, "eucaim-tenant-a");

        Assert.Equal("0", suspended.Spec.Hard["pods"].ToString());
        Assert.Equal("0", suspended.Spec.Hard["requests.nvidia.com/gpu"].ToString());
        Assert.False(Condition(tenant, TenantConditionTypes.Ready));
        Assert.True(Condition(tenant, TenantConditionTypes.Provisioned));

        tenant.State = TenantState.Active;
        tenant.Generation++;
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        var resumed = await _client.CoreV1.ReadNamespacedResourceQuotaAsync(TenantManifests.QuotaName, "eucaim-tenant-a");
        Assert.Equal("3", resumed.Spec.Hard["pods"].ToString());
        Assert.True(Condition(tenant, TenantConditionTypes.Ready));
    }

    [Fact]
    public async Task Deletion_stops_running_jobs_then_removes_the_namespace_and_everything_in_it()
    {
        var tenant = TestTenants.Tenant();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        await _client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = "train-1" },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "t", Image = "x" }], RestartPolicy = "Never" } } },
        }, "eucaim-tenant-a");
        _server.ClearWrites();
        tenant.State = TenantState.Deleting;

        var result = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.True(result.Removed);
        Assert.Equal(["DELETE /apis/batch/v1/namespaces/eucaim-tenant-a/jobs", "DELETE /api/v1/namespaces/eucaim-tenant-a"], _server.Writes);
        Assert.Empty(_server.Store.List("/api/v1/namespaces"));
        Assert.Empty(_server.Store.List("/apis/networking.k8s.io/v1/namespaces/eucaim-tenant-a/networkpolicies"));
        Assert.Equal(TenantEventActions.Deprovisioned, result.Events.Single().Action);
    }

    [Fact]
    public async Task A_terminating_namespace_is_only_watched_until_it_is_gone_since_its_job_binding_goes_with_it()
    {
        var tenant = TestTenants.Tenant();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        var ns = _server.Store.Get("/api/v1/namespaces", "eucaim-tenant-a")!;
        ns["metadata"]!["deletionTimestamp"] = "2026-12-01T10:00:00Z";
        _server.Store.Put("/api/v1/namespaces", "eucaim-tenant-a", ns, "MODIFIED");
        _server.ClearWrites();
        tenant.State = TenantState.Deleting;

        var waiting = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.False(waiting.Removed);
        Assert.Empty(_server.Writes);

        _server.Store.Remove("/api/v1/namespaces", "eucaim-tenant-a");
        var gone = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.True(gone.Removed);
        Assert.Empty(_server.Writes);
    }

    [Fact]
    public async Task The_dns_allow_of_earlier_versions_is_removed_once_no_job_pod_launched_with_dns_still_runs()
    {
        var tenant = TestTenants.Tenant();
        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        const string ns = "eucaim-tenant-a";
        await _client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "allow-dns" },
            Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Egress"], Egress = [new V1NetworkPolicyEgressRule { Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }] }] },
        }, ns);
        // A job pod of the earlier version: it still finds storage by name, so its upload needs DNS until it ends.
        var pod = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "eucaim-job-old", Labels = new Dictionary<string, string> { [TenantManifests.ManagedByLabel] = "eucaim-jobs" } },
            Spec = new V1PodSpec
            {
                DnsPolicy = "ClusterFirst",
                SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                Containers = [new V1Container
                {
                    Name = "job",
                    Image = "x",
                    SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                }],
            },
        }, ns);

        await _reconciler.ReconcileAsync(tenant, CancellationToken.None);
        Assert.NotNull(_server.Store.Get($"/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies", "allow-dns"));

        // The kubelet reports the pod's end (the status is not the client's to write).
        pod = await _client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, ns);
        pod.Status = new V1PodStatus { Phase = "Succeeded" };
        lock (_server.Store.Sync)
        {
            _server.Store.Put($"/api/v1/namespaces/{ns}/pods", pod.Metadata.Name, JsonNode.Parse(KubernetesJson.Serialize(pod))!.AsObject(), "MODIFIED");
        }

        var result = await _reconciler.ReconcileAsync(tenant, CancellationToken.None);

        Assert.Null(_server.Store.Get($"/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies", "allow-dns"));
        Assert.Contains("NetworkPolicy/allow-dns (removed)", result.Events.Single().Detail);
        Assert.Equal(["allow-staging", "allow-storage", "default-deny"],
            _server.Store.List($"/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies").Select(p => p["metadata"]!["name"]!.GetValue<string>()));
    }

    private static bool Condition(Tenant tenant, string type) => tenant.Conditions.Single(c => c.Type == type).Status;
}
