using Eucaim.Tenants.Tests;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s.Models;

namespace Eucaim.Deploy.Tests.Rbac;

/// <summary>
/// The rendered RBAC, plus the RoleBinding the provisioner renders in a tenant namespace, gives the
/// Workers jobs in tenant namespaces and nowhere else, and gives the Api and the portal nothing at all.
/// </summary>
public sealed class RbacTests
{
    private const string Workers = "eucaim/eucaim-workers";
    private const string Api = "eucaim/eucaim-api";
    private const string Migrations = "eucaim/eucaim-migrations";
    private const string Web = "eucaim/eucaim-web";
    private const string Tenant = "eucaim-tenant-a";

    /// <summary>What the provisioner creates in tenant-a's namespace (Eucaim.Workers TenantManifests), with its default names.</summary>
    private static V1RoleBinding TenantBinding() => TestTenants.Manifests().RoleBinding(TestTenants.Spec());

    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_workers_create_jobs_in_a_tenant_namespace_and_not_in_kube_system_or_the_platform_namespace(string tree)
    {
        var rbac = RbacEvaluator.Of(await Kustomize.RenderAsync(tree), TenantBinding());

        Assert.True(rbac.Allows(Workers, "create", "batch/jobs", Tenant));
        Assert.False(rbac.Allows(Workers, "create", "batch/jobs", "kube-system"));
        Assert.False(rbac.Allows(Workers, "create", "batch/jobs", "eucaim"));
        Assert.False(rbac.Allows(Workers, "get", "/secrets", "kube-system"));
        Assert.True(rbac.Allows(Workers, "create", "/namespaces", null));
    }

    [Fact]
    public async Task The_provisioner_may_delete_the_network_policies_it_retires_and_read_the_job_pods_that_still_need_them()
    {
        var rbac = RbacEvaluator.Of(await Kustomize.RenderAsync("base"), TenantBinding());

        Assert.Contains("allow-dns", TenantManifests.RetiredNetworkPolicies);
        Assert.True(rbac.Allows(Workers, "delete", "networking.k8s.io/networkpolicies", Tenant));
        Assert.True(rbac.Allows(Workers, "list", "/pods", Tenant));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Without_the_tenant_binding_the_workers_cannot_launch_a_job_anywhere(string tree)
    {
        var rbac = RbacEvaluator.Of(await Kustomize.RenderAsync(tree));

        Assert.False(rbac.Allows(Workers, "create", "batch/jobs", Tenant));
        Assert.False(rbac.Allows(Workers, "create", "/secrets", Tenant));
        Assert.False(rbac.Allows(Workers, "get", "/pods/log", Tenant));
    }

    [Fact]
    public async Task In_a_tenant_namespace_the_workers_have_exactly_what_the_job_backend_calls()
    {
        var rbac = RbacEvaluator.Of(await Kustomize.RenderAsync("base"), TenantBinding());

        foreach (var (verb, resource) in new[]
                 {
                     ("create", "/secrets"), ("delete", "/secrets"), ("create", "batch/jobs"), ("get", "batch/jobs"), ("list", "batch/jobs"),
                     ("delete", "batch/jobs"), ("deletecollection", "batch/jobs"), ("list", "/pods"), ("deletecollection", "/pods"), ("get", "/pods/log"),
                 })
        {
            Assert.True(rbac.Allows(Workers, verb, resource, Tenant), $"{verb} {resource}");
        }

        // Staging plans are written, never read back; pods are never exec'd into or created directly.
        foreach (var (verb, resource) in new[] { ("get", "/secrets"), ("list", "/secrets"), ("create", "/pods"), ("create", "/pods/exec"), ("update", "batch/jobs") })
        {
            Assert.False(rbac.Allows(Workers, verb, resource, Tenant), $"{verb} {resource}");
        }
    }

    [Fact]
    public async Task The_workers_may_create_the_tenant_binding_because_they_hold_bind_on_that_cluster_role_only()
    {
        var tree = await Kustomize.RenderAsync("base");
        var rbac = RbacEvaluator.Of(tree);
        var binding = TenantBinding();

        Assert.NotNull(tree.Find("ClusterRole", binding.RoleRef.Name));
        Assert.DoesNotContain(tree.All<V1ClusterRoleBinding>("ClusterRoleBinding"), b => b.RoleRef.Name == binding.RoleRef.Name);
        var subject = Assert.Single(binding.Subjects);
        Assert.NotNull(tree.Find("ServiceAccount", subject.Name));
        Assert.Equal(Workers, $"{subject.NamespaceProperty}/{subject.Name}");

        Assert.True(rbac.Allows(Workers, "create", "rbac.authorization.k8s.io/rolebindings", Tenant));
        Assert.True(rbac.Allows(Workers, "bind", "rbac.authorization.k8s.io/clusterroles", null, binding.RoleRef.Name));
        Assert.False(rbac.Allows(Workers, "bind", "rbac.authorization.k8s.io/clusterroles", null, "cluster-admin"));
        Assert.False(rbac.Allows(Workers, "escalate", "rbac.authorization.k8s.io/clusterroles", null, binding.RoleRef.Name));
        Assert.False(rbac.Allows(Workers, "create", "rbac.authorization.k8s.io/clusterrolebindings", null));
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task The_api_the_portal_and_the_migrations_can_do_nothing_against_the_kubernetes_api(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var rbac = RbacEvaluator.Of(rendered, TenantBinding());

        var accounts = new List<string> { Api, Migrations };
        if (Kustomize.HasPortal(tree))
        {
            Assert.Equal("eucaim-web", rendered.Single<V1Deployment>("Deployment", "web").Spec.Template.Spec.ServiceAccountName);
            accounts.Add(Web);
        }
        else
        {
            // A node runs no portal, and keeps no account for it.
            Assert.Null(rendered.Find("ServiceAccount", Web.Split('/')[1]));
        }

        foreach (var account in accounts)
        {
            Assert.NotNull(rendered.Find("ServiceAccount", account.Split('/')[1]));
            Assert.Empty(rbac.BindingsOf(account));
            foreach (var ns in new string?[] { null, "eucaim", "kube-system", Tenant })
            {
                foreach (var (verb, resource) in new[] { ("get", "/secrets"), ("list", "/pods"), ("create", "batch/jobs"), ("create", "/namespaces"), ("get", "coordination.k8s.io/leases") })
                {
                    Assert.False(rbac.Allows(account, verb, resource, ns), $"{account}: {verb} {resource} in {ns}");
                }
            }
        }
    }

    [Fact]
    public async Task Every_cluster_wide_write_of_the_workers_is_narrowed_to_tenant_namespaces_by_the_admission_policy()
    {
        var tree = await Kustomize.RenderAsync("base");
        var role = tree.Single<V1ClusterRole>("ClusterRole", "eucaim-workers-cluster");
        var policy = tree.Single<V1ValidatingAdmissionPolicy>("ValidatingAdmissionPolicy", "eucaim-workers-tenant-namespaces-only");
        var binding = Assert.Single(tree.All<V1ValidatingAdmissionPolicyBinding>("ValidatingAdmissionPolicyBinding"));

        Assert.Equal(policy.Metadata.Name, binding.Spec.PolicyName);
        Assert.Equal(["Deny"], binding.Spec.ValidationActions);
        Assert.Equal("Fail", policy.Spec.FailurePolicy);
        Assert.Contains("'system:serviceaccount:eucaim:eucaim-workers'", Assert.Single(policy.Spec.MatchConditions).Expression);
        var guarded = policy.Spec.MatchConstraints.ResourceRules
            .SelectMany(r => r.Resources.SelectMany(res => r.ApiGroups.Select(g => $"{g}/{res}"))).ToHashSet();
        var writes = role.Rules
            .Where(r => r.Verbs.Any(v => v is "create" or "update" or "patch" or "delete"))
            .SelectMany(r => r.Resources.SelectMany(res => r.ApiGroups.Select(g => $"{g}/{res}")))
            .ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.Contains(w, guarded));
    }

    [Fact]
    public void The_evaluator_refuses_what_no_rule_grants()
    {
        var role = new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "jobs" },
            Rules = [new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], Verbs = ["create"] }],
        };
        var named = new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "bind-one" },
            Rules = [new V1PolicyRule { ApiGroups = ["rbac.authorization.k8s.io"], Resources = ["clusterroles"], Verbs = ["bind"], ResourceNames = ["jobs"] }],
        };
        var local = new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "jobs", NamespaceProperty = "a" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "jobs" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "w", NamespaceProperty = "p" }],
        };
        var cluster = new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "bind-one" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "bind-one" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "w", NamespaceProperty = "p" }],
        };
        var rbac = new RbacEvaluator([role, named], [], [cluster], [local]);

        Assert.True(rbac.Allows("p/w", "create", "batch/jobs", "a"));
        Assert.False(rbac.Allows("p/w", "create", "batch/jobs", "b"));
        Assert.False(rbac.Allows("p/w", "create", "batch/jobs", null));
        Assert.False(rbac.Allows("p/w", "delete", "batch/jobs", "a"));
        Assert.False(rbac.Allows("p/w", "create", "/jobs", "a"));
        Assert.False(rbac.Allows("q/w", "create", "batch/jobs", "a"));
        Assert.False(rbac.Allows("p/v", "create", "batch/jobs", "a"));
        Assert.True(rbac.Allows("p/w", "bind", "rbac.authorization.k8s.io/clusterroles", null, "jobs"));
        Assert.False(rbac.Allows("p/w", "bind", "rbac.authorization.k8s.io/clusterroles", null, "cluster-admin"));
        Assert.False(rbac.Allows("p/w", "bind", "rbac.authorization.k8s.io/clusterroles", null));
    }
}
