namespace Eucaim.Deploy.Tests.Model;

/// <summary>
/// Compares what the AppHost wires with what deploy/base deploys, and lists every difference in
/// words. Values are not compared (Local vs Kubernetes, dev provider vs LS Login): names are.
/// </summary>
internal static class ModelComparison
{
    /// <summary>
    /// Plumbing that each side sets its own way, ignored on both sides: the listening ports (Aspire
    /// assigns them locally; the images listen on 8080), the environment name (Development from the
    /// launch profiles), and telemetry (the AppHost points OTEL_* at its dashboard; a cluster at its
    /// collector, an operator's choice).
    /// </summary>
    public static readonly IReadOnlyList<string> Plumbing =
    [
        "HTTP_PORTS", "HTTPS_PORTS", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS",
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
        "OTEL_*",
    ];

    /// <summary>
    /// Settings only a local run has, not required of the deploy tree: the Development test clock
    /// (accepted only in Development, so a cluster must not set it: were it in deploy/base it would be
    /// reported), the local compute backend's settings (its sandbox root) and the hub's federation key file.
    /// </summary>
    public static readonly IReadOnlyList<string> LocalOnly =
    [
        "Eucaim__Access__AdjustableClock",
        "Eucaim__Compute__Local__*",
        "Eucaim__Jobs__Local__*",

        // The local hub always has a federation key (generated in local state); a cluster federates only
        // once its operator mounts the hub's key from a Secret and names it, and answers 503 until then.
        "Eucaim__Federation__Hub__SigningKeyFile",
    ];

    /// <summary>
    /// Settings only a cluster has, not required of the AppHost: the Kubernetes compute backend's
    /// settings (the AppHost runs the Local backend, whose counterpart is <see cref="LocalOnly"/>) and
    /// the public URL (the AppHost gives the Api its own endpoint, which the deploy tree cannot know;
    /// behind an Ingress the operator names it).
    /// </summary>
    public static readonly IReadOnlyList<string> ClusterOnly =
    [
        "Eucaim__Compute__Kubernetes__*",
        "Eucaim__Jobs__Kubernetes__*",
        "Eucaim__Access__PublicUrl",
    ];

    /// <summary>
    /// Where a service finds another, which each side says its own way. The AppHost's
    /// <c>WithReference(api)</c> hands the portal service discovery's variables
    /// (<c>services__api__http__0</c>, …) and Aspire's <c>API_HTTP</c>, <c>API_HTTPS</c>, which answer
    /// for the portal's default <c>Eucaim:Api</c> (<c>https+http://api</c>); the cluster has no service
    /// discovery and names the api Service in <c>Eucaim__Api</c>. Both sides must say it for the same
    /// services: a reference without the setting, or the setting without a reference, is reported.
    /// </summary>
    public static readonly IReadOnlyList<ServiceAddress> Addresses = [new("api", "Eucaim__Api")];

    public static IReadOnlyList<string> Compare(IReadOnlyList<ServiceShape> appHost, IReadOnlyList<ServiceShape> deploy)
    {
        var differences = new List<string>();
        var deployed = deploy.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var wired = appHost.ToDictionary(s => s.Name, StringComparer.Ordinal);

        foreach (var missing in wired.Keys.Except(deployed.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"service '{missing}' is in the AppHost but has no workload in deploy/base.");
        }

        foreach (var extra in deployed.Keys.Except(wired.Keys).Order(StringComparer.Ordinal))
        {
            differences.Add($"workload '{extra}' is in deploy/base but is no project of the AppHost.");
        }

        foreach (var local in appHost.Where(s => deployed.ContainsKey(s.Name)))
        {
            var cluster = deployed[local.Name];
            if (!IsImageOf(cluster.Image, local.Image))
            {
                differences.Add($"{local.Name}: deploy/base runs image '{cluster.Image}', the AppHost the project whose image is '{local.Image}'.");
            }

            if (!local.Args.SequenceEqual(cluster.Args, StringComparer.Ordinal))
            {
                differences.Add($"{local.Name}: the AppHost passes arguments [{string.Join(' ', local.Args)}], deploy/base [{string.Join(' ', cluster.Args)}].");
            }

            foreach (var variable in local.Variables.Keys.Where(v => !Matches(v, Plumbing) && !Matches(v, LocalOnly) && AddressOf(v) is null).Order(StringComparer.Ordinal))
            {
                if (!cluster.Variables.ContainsKey(variable))
                {
                    differences.Add($"{local.Name}: {ServiceShape.Describe(variable)} is set by the AppHost but missing from deploy/base.");
                }
            }

            foreach (var address in Addresses.Where(a => !cluster.Variables.ContainsKey(a.Setting)))
            {
                var references = local.Variables.Keys.Where(v => AddressOf(v) == address).Order(StringComparer.Ordinal).ToList();
                if (references.Count > 0)
                {
                    differences.Add($"{local.Name}: the AppHost tells it where '{address.Service}' is ({string.Join(", ", references)}), " +
                        $"deploy/base does not: {ServiceShape.Describe(address.Setting)} is missing.");
                }
            }
        }

        // Back from the deploy tree: a variable given to one service alone must be wired by the
        // AppHost on that service; a key of a ConfigMap or Secret several services mount wholesale
        // must be wired by the AppHost on at least one of them.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in deploy.Where(s => wired.ContainsKey(s.Name)))
        {
            foreach (var (variable, origin) in cluster.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                if (Matches(variable, Plumbing) || Matches(variable, ClusterOnly))
                {
                    continue;
                }

                if (Addresses.SingleOrDefault(a => a.Setting == variable) is { } address)
                {
                    if (!wired[cluster.Name].Variables.Keys.Any(v => AddressOf(v) == address))
                    {
                        differences.Add($"{cluster.Name}: {ServiceShape.Describe(variable)} ({origin.Source}) names where '{address.Service}' is in deploy/base, " +
                            $"but the AppHost gives {cluster.Name} no reference to '{address.Service}'.");
                    }

                    continue;
                }

                var receivers = origin.SharedBy.Where(wired.ContainsKey).Order(StringComparer.Ordinal).ToList();
                if (receivers.Any(r => wired[r].Variables.ContainsKey(variable)) || !reported.Add($"{variable}@{origin.Source}"))
                {
                    continue;
                }

                differences.Add(receivers.Count > 1
                    ? $"{string.Join(", ", receivers)}: {ServiceShape.Describe(variable)} ({origin.Source}) is in deploy/base but the AppHost sets it on none of them."
                    : $"{cluster.Name}: {ServiceShape.Describe(variable)} ({origin.Source}) is in deploy/base but not set by the AppHost.");
            }
        }

        differences.AddRange(CompareConnectionSources(appHost, deployed));
        return differences;
    }

    /// <summary>
    /// Connection strings the AppHost takes from one resource must come from one place in the deploy
    /// tree, and from different places when the AppHost's resources differ: migrations' <c>eucaim</c>
    /// is the owner's, the Api's <c>eucaim</c> the restricted service role's.
    /// </summary>
    private static IEnumerable<string> CompareConnectionSources(IReadOnlyList<ServiceShape> appHost, Dictionary<string, ServiceShape> deployed)
    {
        var pairs = (
            from local in appHost
            where deployed.ContainsKey(local.Name)
            from variable in local.Variables
            where ServiceShape.IsConnection(variable.Key) && deployed[local.Name].Variables.ContainsKey(variable.Key)
            select (Use: $"{local.Name} {variable.Key[ServiceShape.ConnectionPrefix.Length..]}", Local: variable.Value.Source,
                Cluster: deployed[local.Name].Variables[variable.Key].Source)).OrderBy(p => p.Use, StringComparer.Ordinal).ToList();

        foreach (var group in pairs.GroupBy(p => p.Local).Where(g => g.Select(p => p.Cluster).Distinct().Count() > 1))
        {
            yield return $"the AppHost gives {string.Join(", ", group.Select(p => p.Use))} the connection string of '{group.Key}', " +
                $"deploy/base gives them different ones: {string.Join("; ", group.Select(p => $"{p.Use} from {p.Cluster}"))}.";
        }

        foreach (var group in pairs.GroupBy(p => p.Cluster).Where(g => g.Select(p => p.Local).Distinct().Count() > 1))
        {
            yield return $"deploy/base gives {string.Join(", ", group.Select(p => p.Use))} the same connection string ({group.Key}), " +
                $"the AppHost different ones: {string.Join("; ", group.Select(p => $"{p.Use} from '{p.Local}'"))}.";
        }
    }

    /// <summary>The service whose address an AppHost variable carries (service discovery's or Aspire's endpoint variables), or null.</summary>
    private static ServiceAddress? AddressOf(string variable) =>
        Addresses.FirstOrDefault(a => Matches(variable, [$"services__{a.Service}__*", $"{a.Service.ToUpperInvariant().Replace('-', '_')}_*"]));

    /// <summary>Whether a name matches one of the patterns, where a trailing * is any suffix.</summary>
    public static bool Matches(string variable, IEnumerable<string> patterns) => patterns.Any(p => p.EndsWith('*')
        ? variable.StartsWith(p[..^1], StringComparison.Ordinal)
        : variable == p);

    /// <summary>Whether an image reference (registry/eucaim/api:1.2@sha256:…) is of the repository eucaim/api.</summary>
    private static bool IsImageOf(string image, string repository)
    {
        var name = image.Split('@')[0];
        var lastSlash = name.LastIndexOf('/');
        var tag = name.IndexOf(':', lastSlash + 1);
        if (tag >= 0)
        {
            name = name[..tag];
        }

        return name == repository || name.EndsWith("/" + repository, StringComparison.Ordinal);
    }
}

/// <summary>A service (<c>api</c>) whose address the cluster gives another in <see cref="Setting"/> (<c>Eucaim__Api</c>).</summary>
internal sealed record ServiceAddress(string Service, string Setting);
