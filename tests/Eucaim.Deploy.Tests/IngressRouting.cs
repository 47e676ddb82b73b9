using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// Which Service an Ingress controller sends a request to, by the Ingress API's own rules for the
/// paths of one host across all Ingress objects: an Exact path first, then the longest Prefix; a
/// Prefix matches whole path segments. ImplementationSpecific paths are refused: their meaning is the
/// controller's, so the tree must not use them.
/// </summary>
internal static class IngressRouting
{
    /// <summary>The backend Service of <paramref name="path"/> on <paramref name="host"/>, or null when no path matches.</summary>
    public static string? ServiceFor(IEnumerable<V1Ingress> ingresses, string host, string path)
    {
        var candidates = (
            from ingress in ingresses
            from rule in ingress.Spec.Rules ?? []
            where rule.Host == host
            from route in rule.Http?.Paths ?? []
            select route).ToList();

        var exact = candidates.Where(r => Type(r) == "Exact" && r.Path == path).ToList();
        if (exact.Count > 0)
        {
            return Assert.Single(exact).Backend.Service.Name;
        }

        return candidates
            .Where(r => Type(r) == "Prefix" && PrefixMatches(r.Path, path))
            .OrderByDescending(r => r.Path.TrimEnd('/').Length)
            .FirstOrDefault()?.Backend.Service.Name;
    }

    private static string Type(V1HTTPIngressPath route) => route.PathType switch
    {
        "Exact" or "Prefix" => route.PathType,
        var other => throw new Xunit.Sdk.XunitException($"path {route.Path} has pathType {other}: use Exact or Prefix, whose matching the Ingress API defines."),
    };

    /// <summary>Prefix matching element by element: /api matches /api and /api/x, not /apis.</summary>
    private static bool PrefixMatches(string prefix, string path)
    {
        var trimmed = prefix.TrimEnd('/');
        return trimmed.Length == 0
            || path == trimmed
            || path.StartsWith(trimmed + "/", StringComparison.Ordinal);
    }
}
