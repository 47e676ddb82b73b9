using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

/// <summary>Registers the configured seed nodes before the Api serves (a bad seed stops the start, naming the key).</summary>
internal sealed class FederationSeeding(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();

        // Read the signing key now, so a bad key file stops the start instead of the first search.
        _ = scope.ServiceProvider.GetRequiredService<FederationHubKey>();
        await scope.ServiceProvider.GetRequiredService<SeedFederatedNodes>().RunAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
