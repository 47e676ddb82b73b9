using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Eucaim.AppHost.Infrastructure;

internal static class AzuriteResources
{
    private const string ServerName = "azurite";

    /// <summary>The services' connection string key for blob storage.</summary>
    private const string ConnectionName = "blobs";

    // Azurite's documented development account; it guards nothing but local emulator data.
    private const string DevAccount = "devstoreaccount1";
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <param name="nodeAccounts">
    /// Further storage accounts on the same emulator, one per federated node of the local topology, so that
    /// a node's blobs are apart from the hub's as a hospital's own storage would be. Their connections are
    /// <see cref="BlobAccount"/>'s.
    /// </param>
    public static BackingService AddEucaimBlobStorage(this IDistributedApplicationBuilder builder, LocalPlatform platform, IReadOnlyList<string> nodeAccounts)
    {
        IResourceBuilder<IResourceWithEndpoints> server;
        // Naming any account disables the well-known one unless it is named too; empty, Azurite keeps its default.
        var accounts = nodeAccounts.Count == 0 ? "" : string.Join(';', new[] { DevAccount }.Concat(nodeAccounts).Select(a => $"{a}:{DevAccountKey}"));
        if (platform.Mode == InfrastructureMode.Containers)
        {
            server = builder.AddContainer(ServerName, "mcr.microsoft.com/azure-storage/azurite", "3.35.0")
                .WithEntrypoint("azurite-blob")
                .WithArgs("--blobHost", "0.0.0.0", "--location", "/data", "--skipApiVersionCheck", "--loose")
                .WithVolume("eucaim-azurite-data", "/data")
                .WithEnvironment(context =>
                {
                    if (accounts.Length > 0)
                    {
                        context.EnvironmentVariables["AZURITE_ACCOUNTS"] = accounts;
                    }
                })
                .WithEndpoint(name: "blob", scheme: "http", port: platform.Ports.Azurite, targetPort: 10000);
        }
        else
        {
            var entryPoint = Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js");
            var folder = platform.NodeTool("azurite", entryPoint);
            // Azurite's heap holds some 48 MB; with V8's default limits it then ran full collections back to back under a
            // steady upload (about 40 per 526 MB, half its CPU; docs/benchmarks.md#ingest). 256 MB of old space
            // before the first one keeps them rare, for a few hundred MB of memory at most.
            var executable = builder.AddExecutable(ServerName, "node", folder, "--initial-old-space-size=256", entryPoint)
                .WithEnvironment(context =>
                {
                    if (accounts.Length > 0)
                    {
                        context.EnvironmentVariables["AZURITE_ACCOUNTS"] = accounts;
                    }
                })
                .WithEndpoint(name: "blob", scheme: "http", port: platform.Ports.Azurite, env: "AZURITE_BLOB_PORT", isProxied: !platform.DirectEndpoints);
            var endpoint = executable.GetEndpoint("blob");
            // Azurite 3.37 refuses the REST API version of Azure.Storage.Blobs 12.30 without --skipApiVersionCheck.
            executable.WithArgs(context =>
            {
                context.Args.Add("--blobHost");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--blobPort");
                context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--location");
                context.Args.Add(platform.StatePath("azurite"));
                context.Args.Add("--skipApiVersionCheck");
                context.Args.Add("--loose");
                // No line per request on the console (the dashboard would show thousands during an ingest), no telemetry from a dev machine.
                context.Args.Add("--silent");
                context.Args.Add("--disableTelemetry");
            });
            server = executable;
        }

        var blob = server.GetEndpoint("blob");
        var connectionString = AccountConnection(blob, DevAccount);
        var connection = builder.AddConnectionString(ConnectionName, connectionString);

        var healthCheck = $"{ServerName}-blob";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck,
            _ => new BlobServiceHealthCheck(async ct => (await connectionString.GetValueAsync(ct))!),
            failureStatus: null,
            tags: null));
        server.WithHealthCheck(healthCheck);

        return new BackingService(connection, server);
    }

    /// <summary>The connection of one of <c>nodeAccounts</c>, under the key the services expect.</summary>
    public static IResourceBuilder<ProjectResource> WithBlobAccount(this IResourceBuilder<ProjectResource> project, BackingService blobs, string account)
    {
        var blob = ((IResourceBuilder<IResourceWithEndpoints>)blobs.Server).GetEndpoint("blob");
        var connection = project.ApplicationBuilder.AddConnectionString($"{project.Resource.Name}-{ConnectionName}", AccountConnection(blob, account));
        return project.WithReference(connection, ConnectionName).WaitFor(blobs.Server);
    }

    // An IP address, not "localhost": Azure.Storage.Blobs only treats IP hosts as path-style
    // (account in the path) URLs and otherwise builds blob URLs without the container name.
    private static ReferenceExpression AccountConnection(EndpointReference blob, string account) => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={DevAccountKey};BlobEndpoint=http://127.0.0.1:{blob.Property(EndpointProperty.Port)}/{account};");

    private sealed class BlobServiceHealthCheck(Func<CancellationToken, Task<string>> connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var client = new BlobServiceClient(await connectionString(cancellationToken));
                await client.GetPropertiesAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message, ex);
            }
        }
    }
}
