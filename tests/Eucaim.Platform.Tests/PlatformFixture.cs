namespace Eucaim.Platform.Tests;

/// <summary>
/// One running platform (the real AppHost: PostgreSQL, Azurite, the dev LS Login, migrations, api,
/// workers) shared by every test of the collection, with its state in a fresh temporary folder.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"eucaim-tests-{Guid.NewGuid():N}");
    private readonly string[] _arguments;

    public PlatformFixture()
        : this([])
    {
    }

    /// <summary>A platform of its own with extra AppHost arguments (e.g. <c>--Eucaim:Replicas=2</c>); not public, so xunit keeps using the one above.</summary>
    internal PlatformFixture(string[] arguments) => _arguments = arguments;

    public PlatformRun Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await PlatformRun.StartAsync(_stateDirectory, _arguments);

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
