using Eucaim.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
LocalPlatform platform;
try
{
    platform = LocalPlatform.Prepare(builder);
}
catch (PlatformSetupException problem)
{
    Console.Error.WriteLine($"eucaim: {problem.Message}");
    return 2;
}

var database = builder.AddEucaimPostgres(platform);
var blobs = builder.AddEucaimBlobStorage(platform, FederatedNodes.BlobAccounts(FederatedNodes.Count(builder)));
var lsLogin = builder.AddDevLsLogin(platform);

var migrations = builder.AddProject<Projects.Eucaim_Workers>("migrations", launchProfileName: null)
    .WithArgs(Eucaim.Core.Contracts.WorkerVerbs.Migrate)
    .AsOwnerOf(database)
    .WithReference(blobs.Connection).WaitFor(blobs.Server);

var api = builder.AddProject<Projects.Eucaim_Api>("api")
    .WithPort(platform.Ports.Api, platform)
    .WithOwnPublicUrl()
    .AsServiceOf(database)
    .WithTestClock()
    .WithAuditSettings()
    .WithReference(blobs.Connection)
    .WithLsLogin(lsLogin)
    .WithRateLimitReplicas(builder)
    .WithEnvironment("Eucaim__Federation__Hub__SigningKeyFile", platform.LocalSigningKey(FederatedNodes.HubKeyName))
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Eucaim_Workers>("workers")
    .WithPort(platform.Ports.Workers, platform)
    .WithComputeBackend(platform, api)
    .AsServiceOf(database)
    .WithTestClock()
    .WithAuditSettings()
    .WithReference(blobs.Connection)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

// The portal calls the Api like any other client: anonymously for its public pages, with the signed-in user's token for the rest.
var web = builder.AddProject<Projects.Eucaim_Web>("web")
    .WithPort(platform.Ports.Web, platform)
    .WithReference(api)
    .WithPortalSignIn(lsLogin)
    .WaitFor(api)
    .WithHttpHealthCheck("/health");

builder.AddEucaimFederatedNodes(platform, database, blobs, api, lsLogin); // Eucaim:Federation:Nodes (docs/federation.md)
builder.WithReplicasFromSettings(); // Eucaim:Replicas, for the scale-out test (docs/scale-out.md)
builder.WithoutTelemetryWhenNoDashboard();
builder.AnnounceWhenReady(api, web);

await builder.Build().RunAsync();
return 0;
