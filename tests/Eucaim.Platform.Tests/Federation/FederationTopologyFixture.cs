using Aspire.Hosting;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A platform of its own with the local federation of <see cref="Nodes"/> nodes
/// (<c>--Eucaim:Federation:Nodes=2</c>, what <c>./dev up --nodes 2</c> starts): the hub plus node-1 and
/// node-2, each a Workers process and an Api in node mode with its own database, storage account and key. The
/// tests stop and start a node, which no other collection should see.
/// </summary>
public sealed class FederationTopologyFixture : IAsyncLifetime
{
    public const int Nodes = 2;

    public PlatformFixture Platform { get; } = new([$"--Eucaim:Federation:Nodes={Nodes}"]);

    public static IReadOnlyList<string> NodeIds { get; } = Enumerable.Range(1, Nodes).Select(i => $"node-{i}").ToList();

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var node in NodeIds)
        {
            await Platform.Platform.App.ResourceNotifications.WaitForResourceHealthyAsync(node, timeout.Token);
            await Platform.Platform.App.ResourceNotifications.WaitForResourceHealthyAsync($"{node}-api", timeout.Token);
        }
    }

    public Task DisposeAsync() => Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FederationTopologyCollection : ICollectionFixture<FederationTopologyFixture>
{
    public const string Name = "federation-topology";
}
