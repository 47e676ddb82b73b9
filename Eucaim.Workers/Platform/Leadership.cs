using Eucaim.Workers.Tenants;
using k8s;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Platform;

/// <summary>
/// Makes the leases of the single-instance loops, of the kind <c>Eucaim:Compute:Backend</c> calls
/// for: Kubernetes Lease objects on a cluster (the API server is already a dependency there, and a
/// Lease shows its holder with <c>kubectl get lease</c>), PostgreSQL advisory locks locally.
/// </summary>
public sealed class Leadership(IServiceProvider services, IOptions<ComputeOptions> compute, LeaseOptions options, TimeProvider time, ILoggerFactory loggers)
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The namespace of the platform's own objects when the pod cannot tell (the deploy tree's).</summary>
    public const string DefaultNamespace = "eucaim";

    public Lease For(string name)
    {
        var logger = loggers.CreateLogger($"{typeof(Lease).FullName}.{name}");
        if (compute.Value.Backend == ComputeBackend.Kubernetes)
        {
            return new KubernetesLease(name, Holder(includeProcess: false), Namespace(), services.GetRequiredService<IKubernetes>(), options, time, logger);
        }

        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(Core.Data.EucaimDatabase.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{Core.Data.EucaimDatabase.ConnectionName} is required for the leases.");
        return new PostgresLease(name, Holder(includeProcess: true), connectionString, options, time, logger);
    }

    /// <summary>The pod name on a cluster (its host name); locally, host and process id, since replicas share the host.</summary>
    private string Holder(bool includeProcess) =>
        !string.IsNullOrWhiteSpace(options.Holder) ? options.Holder
        : includeProcess ? $"{Environment.ProcessId}@{Environment.MachineName}"
        : Environment.MachineName;

    private string Namespace() =>
        !string.IsNullOrWhiteSpace(options.Namespace) ? options.Namespace
        : File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim()
        : DefaultNamespace;
}
