using System.Net;
using System.Net.Sockets;
using Eucaim.Core.Tenants;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s.Models;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// The <c>/etc/hosts</c> of job pods (<c>Eucaim:Jobs:Kubernetes:HostAliases</c>, entries
/// <c>ip hostname [hostname…]</c>). Job pods resolve no names (DNS policy None), so these are the only
/// names their helpers can reach: the storage endpoint and the platform's staging endpoint. An entry
/// may never point at the cloud metadata service or any other link-local address.
/// </summary>
public static class JobHostAliases
{
    public static IReadOnlyList<V1HostAlias> Parse(IEnumerable<string> entries) =>
        [.. entries.Select(e => e.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length > 0).Select(p => new V1HostAlias { Ip = p[0], Hostnames = [.. p.Skip(1)] })];

    /// <summary>Every host name the entries give an address.</summary>
    public static IReadOnlySet<string> Names(IEnumerable<string> entries) =>
        Parse(entries).SelectMany(a => a.Hostnames).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>What is wrong with one entry, as the end of a sentence; null when it is fine.</summary>
    public static string? Problem(string entry)
    {
        var parts = entry.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "must be an IP address and at least one host name.";
        }

        if (!IPAddress.TryParse(parts[0], out var ip))
        {
            return $"does not start with an IP address ('{parts[0]}').";
        }

        if (ip.Equals(KubernetesBackendOptions.MetadataAddress) || IsLinkLocal(ip))
        {
            return $"points at a link-local address such as the cloud metadata service {KubernetesBackendOptions.MetadataAddress}; job pods must never reach it.";
        }

        var bad = parts.Skip(1).FirstOrDefault(h => !FlavorRules.IsDnsSubdomain(h));
        return bad is null ? null : $"names '{bad}', which is not a host name (lowercase letters, digits, '-' and '.').";
    }

    private static bool IsLinkLocal(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetworkV6
        ? ip.IsIPv6LinkLocal || (ip.IsIPv4MappedToIPv6 && IsLinkLocal(ip.MapToIPv4()))
        : IPNetwork.Parse("169.254.0.0/16").Contains(ip);
}
