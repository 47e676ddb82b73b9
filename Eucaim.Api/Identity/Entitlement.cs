namespace Eucaim.Api.Identity;

/// <summary>
/// An AARC-G002 group entitlement,
/// <c>&lt;namespace&gt;:group:&lt;group&gt;[:&lt;subgroup&gt;…][:role=&lt;role&gt;]#&lt;authority&gt;</c>,
/// parsed so that comparisons look at its parts: percent-encoding is decoded per segment (an
/// encoded colon never splits a group name), the role suffix is separate from the group path,
/// and namespace and authority must match as well, so look-alikes from another VO or another
/// authority grant nothing.
/// </summary>
internal sealed record Entitlement(string Namespace, IReadOnlyList<string> Group, string? Role, string Authority)
{
    private const string RolePrefix = "role=";

    public static bool TryParse(string? value, out Entitlement entitlement)
    {
        entitlement = null!;
        if (string.IsNullOrWhiteSpace(value) || !value.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hash = value.LastIndexOf('#');
        if (hash < 0 || hash == value.Length - 1)
        {
            return false;
        }

        var authority = Decode(value[(hash + 1)..]);
        var segments = value[..hash].Split(':');
        var groupAt = Array.IndexOf(segments, "group", 2);
        if (authority is null || groupAt < 0 || groupAt == segments.Length - 1)
        {
            return false;
        }

        var decoded = new List<string>(segments.Length);
        foreach (var segment in segments)
        {
            if (Decode(segment) is not { Length: > 0 } text)
            {
                return false;
            }

            decoded.Add(text);
        }

        string? role = null;
        var groupEnd = decoded.Count;
        if (segments[^1].StartsWith(RolePrefix, StringComparison.Ordinal))
        {
            role = decoded[^1][RolePrefix.Length..];
            groupEnd--;
            if (role.Length == 0 || groupEnd == groupAt + 1)
            {
                return false;
            }
        }

        entitlement = new Entitlement(
            string.Join(':', decoded.Take(groupAt)).ToLowerInvariant(),
            decoded.Skip(groupAt + 1).Take(groupEnd - groupAt - 1).ToArray(),
            role,
            authority.ToLowerInvariant());
        return true;
    }

    public static Entitlement Parse(string value) =>
        TryParse(value, out var entitlement)
            ? entitlement
            : throw new FormatException($"'{value}' is not an AARC-G002 group entitlement (urn:…:group:<group>[:<subgroup>…][:role=<role>]#<authority>).");

    /// <summary>
    /// Whether this entitlement satisfies a configured <paramref name="rule"/>: the same group of the
    /// same namespace and authority, with the rule's role when it names one (any role otherwise: a
    /// role in a group implies membership of it).
    /// </summary>
    public bool Satisfies(Entitlement rule) =>
        SameSource(rule) && Group.SequenceEqual(rule.Group, StringComparer.Ordinal) && RoleMatches(rule);

    /// <summary>The direct subgroup of <paramref name="parent"/> this entitlement is for, if any.</summary>
    public string? SubgroupOf(Entitlement parent) =>
        SameSource(parent)
        && Group.Count == parent.Group.Count + 1
        && Group.Take(parent.Group.Count).SequenceEqual(parent.Group, StringComparer.Ordinal)
        && RoleMatches(parent)
            ? Group[^1]
            : null;

    private bool SameSource(Entitlement other) =>
        Namespace == other.Namespace && Authority == other.Authority;

    private bool RoleMatches(Entitlement rule) => rule.Role is null || string.Equals(Role, rule.Role, StringComparison.Ordinal);

    private static string? Decode(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
