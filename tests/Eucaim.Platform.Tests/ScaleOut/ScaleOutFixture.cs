namespace Eucaim.Platform.Tests.ScaleOut;

/// <summary>
/// A platform of its own (own state folder, not the shared <c>platform</c> collection) with two
/// processes each of api and workers against one database (<c>Eucaim:Replicas=2</c>): the scale-out
/// test kills a Workers replica, which no other test should see.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public const int Replicas = 2;

    public PlatformFixture Platform { get; } = new([$"--Eucaim:Replicas={Replicas}"]);

    public Task InitializeAsync() => Platform.InitializeAsync();

    public Task DisposeAsync() => Platform.DisposeAsync();
}
