using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Access;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Tenants;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// What the federated run tests share: a fresh tenant of rita's allowed a CPU flavor, with grants on federated
/// datasets that rita asked for and kai (the access committee) approved, as any researcher gets them.
/// </summary>
internal sealed class FederatedRunScenario : IAsyncDisposable
{
    public const string Flavor = "fed-runs-cpu";
    public const string OtherFlavor = "fed-runs-other";
    public const string ValidationImage = "eucaim/federated-validation:1.0";

    // A liveness bound: a run is a poll, a process start and a report away.
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private FederatedRunScenario(HttpClient alba, HttpClient rita, HttpClient kai, string tenant)
    {
        Alba = alba;
        Rita = rita;
        Kai = kai;
        Tenant = tenant;
    }

    public HttpClient Alba { get; }

    public HttpClient Rita { get; }

    public HttpClient Kai { get; }

    public string Tenant { get; }

    public static async Task<FederatedRunScenario> StartAsync(PlatformRun platform, params Guid[] granted)
    {
        var scenario = new FederatedRunScenario(
            await platform.CreateApiClientForAsync("alba"), await platform.CreateApiClientForAsync("rita"), await platform.CreateApiClientForAsync("kai"),
            $"fed-runs-{Guid.NewGuid():N}"[..17]);
        await TenantRequests.EnsureFlavorAsync(scenario.Alba, Flavor, gpus: 0);
        await TenantRequests.EnsureFlavorAsync(scenario.Alba, OtherFlavor, gpus: 0);
        await TenantRequests.ReadAsync(await scenario.Alba.PostAsJsonAsync("/api/tenants",
            TenantRequests.Tenant(scenario.Tenant, allowedFlavors: [Flavor], members: [SeededUsers.Subject("rita")])), HttpStatusCode.Created);
        if (granted.Length > 0)
        {
            var request = await AccessTestApi.SubmitAsync(scenario.Rita, scenario.Tenant, 30, granted);
            foreach (var dataset in granted)
            {
                var decided = await AccessTestApi.ReadAsync(
                    await AccessTestApi.DecideAsync(scenario.Kai, request.GetProperty("id").GetGuid(), dataset, "approve"), HttpStatusCode.OK);
                Assert.Equal(JsonValueKind.String, AccessTestApi.Item(decided, dataset).GetProperty("grantId").ValueKind);
            }
        }

        return scenario;
    }

    public object Run(IEnumerable<Guid> datasets, string[]? metrics = null, string[]? counts = null, string image = ValidationImage, string flavor = Flavor) => new
    {
        tenant = Tenant,
        image,
        datasets,
        flavor,
        metrics = metrics ?? ["accuracy", "auc", "f1", "sensitivity", "specificity"],
        counts = counts ?? ["subjects", "female"],
        arguments = new[] { "--age-threshold", "60" },
    };

    /// <summary>Reads the run until every node's state is final.</summary>
    public Task<JsonElement> WaitEndedAsync(Guid run) => UntilAsync(
        () => ReadRunAsync(run),
        r => r.GetProperty("nodes").EnumerateArray().All(n => n.GetProperty("state").GetString() is "refused" or "failed" or "succeeded" or "result-refused"),
        $"Run {run} did not end");

    /// <summary>The run at the hub once <paramref name="node"/>'s part is in <paramref name="state"/>.</summary>
    public Task<JsonElement> WaitNodeStateAsync(Guid run, string node, string state) => UntilAsync(
        () => ReadRunAsync(run), r => Node(r, node).GetProperty("state").GetString() == state, $"{node}'s part of run {run} was not {state}");

    /// <summary>Reads with <paramref name="read"/> until <paramref name="done"/>, within <see cref="Patience"/>; else fails saying what did not happen and what was seen last.</summary>
    public static async Task<JsonElement> UntilAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done, string notHappened)
    {
        using var patience = new CancellationTokenSource(Patience);
        JsonElement last = default;
        while (!patience.IsCancellationRequested)
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"{notHappened} within {Patience}; last seen: {last}");
    }

    private async Task<JsonElement> ReadRunAsync(Guid run) =>
        await TenantRequests.ReadAsync(await Rita.GetAsync($"/api/federation/runs/{run}"), HttpStatusCode.OK);

    public static JsonElement Node(JsonElement run, string node) =>
        run.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == node);

    public async ValueTask DisposeAsync()
    {
        await Alba.DeleteAsync($"/api/tenants/{Tenant}");
        Alba.Dispose();
        Rita.Dispose();
        Kai.Dispose();
    }
}
