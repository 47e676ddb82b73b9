using System.Text.Json.Nodes;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// What a request path names: a collection (<c>/apis/batch/v1/namespaces/x/jobs</c>, or cluster-wide
/// <c>/apis/batch/v1/jobs</c> with <see cref="Namespace"/> "*") and optionally one object of it.
/// </summary>
public readonly record struct Target(string Collection, string? Namespace, string Plural, string? Name, string ApiVersion, string Kind)
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["namespaces"] = "Namespace",
        ["resourcequotas"] = "ResourceQuota",
        ["limitranges"] = "LimitRange",
        ["serviceaccounts"] = "ServiceAccount",
        ["networkpolicies"] = "NetworkPolicy",
        ["jobs"] = "Job",
        ["pods"] = "Pod",
        ["secrets"] = "Secret",
        ["rolebindings"] = "RoleBinding",
        ["leases"] = "Lease",
        ["events"] = "Event",
    };

    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The resource as error messages and quota keys name it: <c>pods</c>, <c>jobs.batch</c>.</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public Target WithName(string name) => this with { Name = name };

    /// <summary>A cluster-wide target covers the namespaced collections of its kind.</summary>
    public bool Covers(string collection) =>
        Namespace == "*"
            ? collection.StartsWith(Collection[..Collection.IndexOf("/*/", StringComparison.Ordinal)] + "/namespaces/", StringComparison.Ordinal)
              && collection.EndsWith("/" + Plural, StringComparison.Ordinal)
            : collection == Collection;

    public static bool TryParse(string path, out Target target)
    {
        target = default;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int prefix;
        string apiVersion;
        if (segments is ["api", "v1", ..])
        {
            (prefix, apiVersion) = (2, "v1");
        }
        else if (segments is ["apis", var group, var version, ..])
        {
            (prefix, apiVersion) = (3, $"{group}/{version}");
        }
        else
        {
            return false;
        }

        var rest = segments[prefix..];
        var root = "/" + string.Join('/', segments[..prefix]);
        (string Collection, string? Namespace, string Plural, string? Name)? parsed = rest switch
        {
            ["namespaces"] => ($"{root}/namespaces", null, "namespaces", null),
            [var plural] when plural is "jobs" or "pods" or "events" => ($"{root}/*/{plural}", "*", plural, null),
            ["namespaces", var name] => ($"{root}/namespaces", null, "namespaces", name),
            ["namespaces", var ns, var plural] => ($"{root}/namespaces/{ns}/{plural}", ns, plural, null),
            ["namespaces", var ns, var plural, var name] => ($"{root}/namespaces/{ns}/{plural}", ns, plural, name),
            _ => null,
        };
        if (parsed is not { } p || !Kinds.TryGetValue(p.Plural, out var kind))
        {
            return false;
        }

        // Namespaces live under /api/v1 only.
        var collection = p.Plural == "namespaces" ? "/api/v1/namespaces" : p.Collection;
        target = new Target(collection, p.Namespace, p.Plural, p.Name, apiVersion, kind);
        return true;
    }

    /// <summary>Equality selectors (<c>a=b,c!=d</c>) and existence (<c>a</c>), the forms the platform uses.</summary>
    public static bool MatchesSelector(string? selector, JsonObject item)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return true;
        }

        var labels = item["metadata"]?["labels"] as JsonObject;
        string? Label(string key) => labels?[key]?.GetValue<string>();
        foreach (var requirement in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = requirement.Split("!=", 2);
            var equal = requirement.Split('=', 2);
            var ok = notEqual.Length == 2 ? Label(notEqual[0]) != notEqual[1]
                : equal.Length == 2 ? Label(equal[0].TrimEnd('=')) == equal[1].TrimStart('=')
                : Label(requirement) is not null;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
