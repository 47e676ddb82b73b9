using k8s.Models;

namespace Eucaim.Deploy.Tests.Rbac;

/// <summary>
/// Kubernetes RBAC authorization over a fixed set of roles and bindings, as the API server's RBAC
/// authorizer decides it: a request is allowed when some ClusterRoleBinding, or some RoleBinding in
/// the request's namespace, names the subject and refers to a role with a matching rule. RBAC only
/// adds permissions, so anything no rule grants is refused.
/// </summary>
internal sealed class RbacEvaluator
{
    private readonly Dictionary<string, V1ClusterRole> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), V1Role> _roles;
    private readonly IReadOnlyList<V1ClusterRoleBinding> _clusterBindings;
    private readonly IReadOnlyList<V1RoleBinding> _bindings;

    public RbacEvaluator(IEnumerable<V1ClusterRole> clusterRoles, IEnumerable<V1Role> roles, IEnumerable<V1ClusterRoleBinding> clusterBindings, IEnumerable<V1RoleBinding> bindings)
    {
        _clusterRoles = clusterRoles.ToDictionary(r => r.Metadata.Name);
        foreach (var role in _clusterRoles.Values.Where(r => r.AggregationRule is not null))
        {
            // Aggregated rules are filled in by a controller at run time; an offline answer would be wrong.
            throw new NotSupportedException($"ClusterRole {role.Metadata.Name} aggregates other roles; the evaluator cannot see their rules.");
        }

        _roles = roles.ToDictionary(r => (r.Metadata.NamespaceProperty, r.Metadata.Name));
        _clusterBindings = [.. clusterBindings];
        _bindings = [.. bindings];
    }

    public static RbacEvaluator Of(RenderedTree tree, params V1RoleBinding[] extraBindings) => new(
        tree.All<V1ClusterRole>("ClusterRole"),
        tree.All<V1Role>("Role"),
        tree.All<V1ClusterRoleBinding>("ClusterRoleBinding"),
        [.. tree.All<V1RoleBinding>("RoleBinding"), .. extraBindings]);

    /// <summary>
    /// May the ServiceAccount <paramref name="account"/> (<c>namespace/name</c>) do <paramref name="verb"/> on
    /// <paramref name="resource"/> (<c>group/resource</c>, core group as <c>/pods</c>, subresources as
    /// <c>/pods/log</c>) in <paramref name="ns"/> (null: cluster-scoped, or across all namespaces)?
    /// </summary>
    public bool Allows(string account, string verb, string resource, string? ns, string? name = null)
    {
        var (saNamespace, saName) = Split(account, '/');
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var group = resource[..slash];
        var plural = resource[(slash + 1)..];

        foreach (var binding in _clusterBindings.Where(b => Names(b.Subjects, saNamespace, saName)))
        {
            if (Rules(binding.RoleRef, bindingNamespace: null).Any(r => Grants(r, verb, group, plural, name)))
            {
                return true;
            }
        }

        if (ns is null)
        {
            return false;
        }

        foreach (var binding in _bindings.Where(b => b.Metadata.NamespaceProperty == ns && Names(b.Subjects, saNamespace, saName)))
        {
            if (Rules(binding.RoleRef, ns).Any(r => Grants(r, verb, group, plural, name)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every binding (cluster-wide or namespaced) whose subjects include the account.</summary>
    public IEnumerable<string> BindingsOf(string account)
    {
        var (saNamespace, saName) = Split(account, '/');
        return _clusterBindings.Where(b => Names(b.Subjects, saNamespace, saName)).Select(b => $"ClusterRoleBinding/{b.Metadata.Name}")
            .Concat(_bindings.Where(b => Names(b.Subjects, saNamespace, saName)).Select(b => $"RoleBinding/{b.Metadata.NamespaceProperty}/{b.Metadata.Name}"));
    }

    private IEnumerable<V1PolicyRule> Rules(V1RoleRef roleRef, string? bindingNamespace) => roleRef.Kind switch
    {
        "ClusterRole" => _clusterRoles.TryGetValue(roleRef.Name, out var clusterRole) ? clusterRole.Rules ?? [] : [],
        // A RoleBinding may refer to a Role of its own namespace only; a ClusterRoleBinding never to a Role.
        "Role" when bindingNamespace is not null => _roles.TryGetValue((bindingNamespace, roleRef.Name), out var role) ? role.Rules ?? [] : [],
        _ => [],
    };

    /// <summary>A service account is named directly, as its user name, or through its groups.</summary>
    private static bool Names(IEnumerable<Rbacv1Subject>? subjects, string saNamespace, string saName) => (subjects ?? []).Any(s => s.Kind switch
    {
        "ServiceAccount" => s.Name == saName && s.NamespaceProperty == saNamespace,
        "User" => s.Name == $"system:serviceaccount:{saNamespace}:{saName}",
        "Group" => s.Name is "system:serviceaccounts" or "system:authenticated" || s.Name == $"system:serviceaccounts:{saNamespace}",
        _ => false,
    });

    private static bool Grants(V1PolicyRule rule, string verb, string group, string resource, string? name) =>
        (rule.Verbs ?? []).Any(v => v == "*" || v == verb)
        && (rule.ApiGroups ?? []).Any(g => g == "*" || g == group)
        && (rule.Resources ?? []).Any(r => ResourceMatches(r, resource))
        && (rule.ResourceNames is null || rule.ResourceNames.Count == 0 || (name is not null && rule.ResourceNames.Contains(name)));

    private static bool ResourceMatches(string pattern, string resource)
    {
        if (pattern == "*" || pattern == resource)
        {
            return true;
        }

        // "pods/*" covers every subresource of pods; "*/log" the log subresource of any resource.
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && (pattern == resource[..slash] + "/*" || pattern == "*" + resource[slash..]);
    }

    private static (string, string) Split(string value, char separator)
    {
        var at = value.IndexOf(separator, StringComparison.Ordinal);
        return (value[..at], value[(at + 1)..]);
    }
}
