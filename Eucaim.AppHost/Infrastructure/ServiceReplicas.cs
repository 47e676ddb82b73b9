using Microsoft.Extensions.Configuration;

namespace Eucaim.AppHost.Infrastructure;

internal static class ServiceReplicas
{
    /// <summary>
    /// With <c>Eucaim:Replicas=n</c> (n &gt; 1; the scale-out test sets it), runs n processes each of
    /// api and workers against the one database, behind Aspire's load-balancing proxy, as a cluster
    /// runs n pods. Unset, the model (and the manifest it emits) is unchanged.
    /// </summary>
    public static void WithReplicasFromSettings(this IDistributedApplicationBuilder builder)
    {
        if (Count(builder) is not (> 1 and var replicas))
        {
            return;
        }

        foreach (var service in builder.Resources.OfType<ProjectResource>().Where(p => p.Name is "api" or "workers").ToList())
        {
            // Replicas share the port only behind the proxy, whatever Eucaim:DirectEndpoints says.
            builder.CreateResourceBuilder(service).WithEndpoint("http", endpoint => endpoint.IsProxied = true).WithReplicas(replicas);
        }
    }

    /// <summary>How many processes of api and workers run (<c>Eucaim:Replicas</c>, default 1).</summary>
    public static int Count(IDistributedApplicationBuilder builder) => Math.Max(1, builder.Configuration.GetValue("Eucaim:Replicas", 1));

    /// <summary>Tells the Api how many replicas share its rate-limit budgets, as deploy/base does for its two.</summary>
    public static IResourceBuilder<ProjectResource> WithRateLimitReplicas(this IResourceBuilder<ProjectResource> api, IDistributedApplicationBuilder builder) =>
        api.WithEnvironment("Eucaim__RateLimiting__Replicas", Count(builder).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
