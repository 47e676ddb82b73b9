using System.Globalization;
using Eucaim.Core.Contracts;
using Microsoft.Extensions.Configuration;

namespace Eucaim.AppHost.Infrastructure;

/// <summary>
/// The local federation (<c>./dev up --nodes N</c>, the AppHost setting <c>Eucaim:Federation:Nodes</c>):
/// N hospitals' nodes beside the hub, each a Workers process in node mode (<c>node-1</c>, <c>node-2</c>…) and an
/// Api in node mode for its data holders (<c>node-1-api</c>), after its own migrations (<c>node-1-migrations</c>),
/// with its own database on the same PostgreSQL
/// server (<c>eucaim_node_1</c>), its own storage account on the same emulator (<c>node1</c>) and its own
/// key. The nodes reach the hub's Api, never the other way round. The hub is told each node's public key
/// and datasets as an admin would register them; each node is given the hub's public key and seeds the
/// federated datasets of the organisations <c>DevFederation</c> (Eucaim.Core) deals to it.
/// </summary>
internal static class FederatedNodes
{
    public const string HubKeyName = "federation-hub";

    /// <summary>The federated validation sample (the Workers' local command for it is in their appsettings.json).</summary>
    public const string ValidationImage = "eucaim/federated-validation:1.0";

    /// <summary>The federated training sample (FedAvg rounds; the Workers' local command for it is in their appsettings.json).</summary>
    public const string TrainingImage = "eucaim/federated-training:1.0";

    public static int Count(IDistributedApplicationBuilder builder) =>
        Math.Max(0, builder.Configuration.GetValue("Eucaim:Federation:Nodes", 0));

    /// <summary>The storage account of each node (Azure's rules: 3–24 lower-case letters and digits).</summary>
    public static IReadOnlyList<string> BlobAccounts(int nodes) =>
        Enumerable.Range(1, nodes).Select(i => $"node{i}").ToList();

    public static void AddEucaimFederatedNodes(
        this IDistributedApplicationBuilder builder, LocalPlatform platform, PlatformDatabase database, BackingService blobs, IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ExecutableResource> lsLogin)
    {
        var nodes = Count(builder);
        for (var i = 1; i <= nodes; i++)
        {
            var id = $"node-{i}";
            var keyName = $"federation-{id}";
            var nodeDatabase = database.Sibling($"eucaim_node_{i}", $"{id}-");
            var account = BlobAccounts(nodes)[i - 1];

            var migrations = builder.AddProject<Projects.Eucaim_Workers>($"{id}-migrations", launchProfileName: null)
                .WithArgs(WorkerVerbs.Migrate)
                .AsOwnerOf(nodeDatabase)
                .WithBlobAccount(blobs, account)
                .WithNodeIdentity(platform, id, keyName, i, nodes, api);

            var node = builder.AddProject<Projects.Eucaim_Workers>(id)
                .WithPort(platform.Ports.Workers + i, platform)
                .AsServiceOf(nodeDatabase)
                .WithBlobAccount(blobs, account)
                .WithEnvironment("Eucaim__Compute__Backend", LocalPlatform.LocalComputeBackend)
                .WithEnvironment("Eucaim__Compute__Local__SandboxRoot", platform.StatePath(id, "sandboxes"))
                .WithTestClock()
                .WithAuditSettings()
                .WithNodeIdentity(platform, id, keyName, i, nodes, api)
                .WaitForCompletion(migrations)
                .WithHttpHealthCheck("/health");

            // The hospital's own Api: its catalogue, ingest and audit, and its data holders' say on the hub's runs. It
            // signs people in with the same LS Login as the hub, and answers at its own port (5281 for node-1).
            builder.AddProject<Projects.Eucaim_Api>($"{id}-api")
                .WithPort(platform.Ports.Api + 200 + i, platform)
                .WithOwnPublicUrl()
                .AsServiceOf(nodeDatabase)
                .WithBlobAccount(blobs, account)
                .WithTestClock()
                .WithAuditSettings()
                .WithLsLogin(lsLogin)
                .WithEnvironment("Eucaim__Federation__Node__Id", id)
                .WaitForCompletion(migrations)
                .WithHttpHealthCheck("/health");

            // Every node trains, so a training has all nodes' rounds to average. node-1 runs the validation sample
            // without a person (pre-approved); node-2 runs it once its data holder approved the run and releases each
            // result by hand, so one federated run shows both ways a hospital may answer.
            node.WithEnvironment("Eucaim__Federation__Node__Runs__AllowedImages__0", TrainingImage)
                .WithEnvironment($"Eucaim__Federation__Node__Runs__{(i == 1 ? "AllowedImages__1" : "ApprovalImages__0")}", ValidationImage)
                // The data holder's decision is carried out on the node's next round: a short poll keeps that prompt.
                .WithEnvironment("Eucaim__Federation__Node__PollWait", "00:00:05");

            api.WithRegisteredNode(i, nodes, id, platform.LocalPublicKey(keyName));
        }
    }

    private static IResourceBuilder<ProjectResource> WithNodeIdentity(
        this IResourceBuilder<ProjectResource> project, LocalPlatform platform, string id, string keyName, int node, int nodes, IResourceBuilder<ProjectResource> hub) =>
        project
            .WithEnvironment("Eucaim__Federation__Node__Id", id)
            .WithEnvironment("Eucaim__Federation__Node__HubUrl", hub.GetEndpoint("http"))
            .WithEnvironment("Eucaim__Federation__Node__SigningKeyFile", platform.LocalSigningKey(keyName))
            .WithEnvironment("Eucaim__Federation__Node__HubPublicKeyFile", platform.LocalPublicKey(HubKeyName))
            .WithEnvironment("Eucaim__Federation__Node__DevSeed__Node", node.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("Eucaim__Federation__Node__DevSeed__Nodes", nodes.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// What a hub admin would register for the node (docs/federation.md#registering-a-node), given to the hub
    /// at start: its key, and its share of the seed's federated datasets, which the hub works out as the
    /// node does (<c>DevFederation</c> in Eucaim.Core).
    /// </summary>
    private static void WithRegisteredNode(this IResourceBuilder<ProjectResource> hub, int node, int nodes, string id, string publicKeyFile)
    {
        var prefix = $"Eucaim__Federation__Hub__SeedNodes__{node - 1}__";
        hub.WithEnvironment(prefix + "Id", id)
            .WithEnvironment(prefix + "PublicKeyFile", publicKeyFile)
            .WithEnvironment(prefix + "DevShare__Node", node.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment(prefix + "DevShare__Nodes", nodes.ToString(CultureInfo.InvariantCulture));
    }
}
