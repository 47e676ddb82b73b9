namespace Eucaim.Platform.Tests;

/// <summary>
/// One running platform (the real AppHost: PostgreSQL, Azurite, the dev LS Login, migrations, api,
/// workers) shared by every test of the collection, with its state in a fresh temporary folder.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"eucaim-tests-{Guid.NewGuid():N}");

    public PlatformRun Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformRun.StartAsync(_stateDirectory);

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        PlatformRun.DeleteState(_stateDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
