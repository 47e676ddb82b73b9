using System.Net;
using Eucaim.Platform.Tests.Tenants;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Access;

/// <summary>
/// What the access tests share: the tenants ensured (by alba), signed-in clients of the seeded users
/// (created once, disposed with the scenario), datasets of HM Hospitales published by hugo (taken out
/// of the listing again at the end), and a request approved by the committee.
/// </summary>
internal sealed class AccessScenario : IAsyncDisposable
{
    private readonly PlatformFixture _fixture;
    private readonly Dictionary<string, HttpClient> _clients = [];

    private AccessScenario(PlatformFixture fixture)
    {
        _fixture = fixture;
        Datasets = new PublishedDatasets(fixture);
    }

    public PublishedDatasets Datasets { get; }

    /// <summary>Starts a scenario with <paramref name="tenants"/> ensured (the seeded tenant-a, tenant-b…).</summary>
    public static async Task<AccessScenario> StartAsync(PlatformFixture fixture, params string[] tenants)
    {
        var scenario = new AccessScenario(fixture);
        try
        {
            var alba = await scenario.UserAsync("alba");
            foreach (var tenant in tenants)
            {
                await TenantRequests.EnsureTenantAsync(alba, tenant);
            }

            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client signed in as <paramref name="login"/>, the same one each time.</summary>
    public async Task<HttpClient> UserAsync(string login)
    {
        if (!_clients.TryGetValue(login, out var client))
        {
            client = await _fixture.Platform.CreateApiClientForAsync(login);
            _clients[login] = client;
        }

        return client;
    }

    /// <summary>A fresh dataset of HM Hospitales, published by hugo, with its access policy set.</summary>
    public async Task<Guid> PublishAsync(string name, bool requiresDataHolderApproval = false) =>
        await Datasets.PublishAsync(await UserAsync("hugo"), Hm, name, requiresDataHolderApproval);

    /// <summary>rita asks for <paramref name="dataset"/> for <paramref name="tenant"/>, kai approves it: the request and its grant.</summary>
    public async Task<Granted> GrantedAsync(string tenant, int requestedDays, Guid dataset)
    {
        var request = (await SubmitAsync(await UserAsync("rita"), tenant, requestedDays, dataset)).GetProperty("id").GetGuid();
        var decided = await ReadAsync(await DecideAsync(await UserAsync("kai"), request, dataset, "approve"), HttpStatusCode.OK);
        return new Granted(request, Item(decided, dataset).GetProperty("grantId").GetGuid());
    }

    public async ValueTask DisposeAsync()
    {
        await Datasets.DisposeAsync();
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}

/// <summary>An approved request and the grant its approval created.</summary>
internal sealed record Granted(Guid Request, Guid Grant);
