using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Platform.Tests.Ingest;
using Eucaim.Platform.Tests.Tenants;
using Xunit.Abstractions;

namespace Eucaim.Platform.Tests.Platform.Fuzz;

/// <summary>
/// Every route of the served OpenAPI document, sent broken input (invalid ids, invalid query
/// values, malformed and mistyped JSON, over-long strings, control characters, broken multipart
/// bodies and tus headers) anonymously and as a user who holds the route's role. No answer may be
/// a 5xx, and every 4xx must be an RFC 9457 problem document. The request count by status is
/// printed for the record.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FuzzTests(PlatformFixture fixture, ITestOutputHelper output)
{
    private const int Parallelism = 4;

    [Fact]
    public async Task No_route_answers_broken_input_with_a_server_error_or_without_a_problem()
    {
        using var anonymous = fixture.Platform.CreateApiClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var routes = Routes(document);

        // Coverage: the table of routes must be the document's, both ways.
        var missing = routes.Keys.Except(FuzzRoutes.Users.Keys).Order().ToList();
        var stale = FuzzRoutes.Users.Keys.Except(routes.Keys).Order().ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"FuzzRoutes.Users must list exactly the routes of the OpenAPI document.\nmissing: {string.Join(", ", missing)}\nstale: {string.Join(", ", stale)}");

        var ids = await PrepareAsync();
        var withBodies = routes.Where(r => r.Value["requestBody"] is not null).Select(r => r.Key).ToList();
        var withoutBase = withBodies.Where(r => FuzzRoutes.BaseBody(r, ids) is null).ToList();
        Assert.True(withoutBase.Count == 0, $"Routes that read a JSON body need a base body in FuzzRoutes.BaseBody: {string.Join(", ", withoutBase)}");

        var cases = routes.SelectMany(r => FuzzCases.For(r.Key.Split(' ')[0], r.Key.Split(' ', 2)[1], r.Value, ids)).ToList();
        var clients = new Dictionary<string, HttpClient> { [""] = anonymous };
        foreach (var user in FuzzRoutes.Users.Values.Distinct())
        {
            clients[user] = await fixture.Platform.CreateApiClientForAsync(user);
        }

        var clock = await ClockOffsetAsync(clients["alba"]);
        var sends = cases.SelectMany(c => (c.SignedInOnly ? [FuzzRoutes.Users[c.Route]] : new[] { "", FuzzRoutes.Users[c.Route] }).Select(u => (Case: c, User: u))).ToList();

        var byStatus = new ConcurrentDictionary<int, int>();
        var byRoute = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<(string Group, string Detail)>();
        var started = DateTime.UtcNow;
        foreach (var phase in sends.GroupBy(s => s.Case.Destructive).OrderBy(g => g.Key))
        {
            await Parallel.ForEachAsync(phase, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (send, ct) =>
            {
                var fuzz = send.Case;
                if (fuzz.Route == "PUT /api/datasets/{id}/draft" && send.User.Length > 0)
                {
                    // Past the If-Match precondition, so that the body reaches the metadata rules.
                    var current = await clients[send.User].GetAsync($"/api/datasets/{ids.Dataset}/draft", ct);
                    fuzz = fuzz with { Headers = [.. fuzz.Headers ?? [], new("If-Match", current.Headers.ETag?.ToString() ?? "\"none\"")] };
                }

                var (status, failure) = await SendAsync(clients[send.User], fuzz, ct);
                byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
                byRoute.AddOrUpdate(send.Case.Route, 1, (_, n) => n + 1);
                if (failure is not null)
                {
                    failures.Enqueue(($"{send.Case.Route} [{send.Case.Family}] → {failure.Split(':')[0]}",
                        $"{(send.User.Length == 0 ? "anonymous" : send.User)} {send.Case} → {failure}"));
                }
            });
        }

        await RestoreClockAsync(clients["alba"], clock);
        foreach (var client in clients.Where(c => c.Key.Length > 0))
        {
            client.Value.Dispose();
        }

        output.WriteLine($"fuzz: {sends.Count} requests over {byRoute.Count} of {routes.Count} routes ({cases.Count} cases) in {DateTime.UtcNow - started:mm\\:ss}");
        foreach (var (status, count) in byStatus.OrderBy(s => s.Key))
        {
            output.WriteLine($"  {status}: {count}");
        }

        var fiveHundreds = byStatus.Where(s => s.Key >= 500).Sum(s => s.Value);
        output.WriteLine($"  5xx total: {fiveHundreds}; failures: {failures.Count}");
        foreach (var group in failures.GroupBy(f => f.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Count(),5} × {group.Key}  e.g. {group.First().Detail}");
        }

        Assert.Equal(routes.Keys.Order(), byRoute.Keys.Order());
        Assert.True(failures.IsEmpty, $"{failures.Count} answers were a 5xx or a 4xx without a problem document, e.g.:\n{string.Join("\n", failures.Take(40).Select(f => f.Detail))}");
    }

    private static Dictionary<string, JsonObject> Routes(JsonObject document)
    {
        var routes = new Dictionary<string, JsonObject>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                routes[$"{method.ToUpperInvariant()} {path}"] = operation!.AsObject();
            }
        }

        return routes;
    }

    private static async Task<(int Status, string? Failure)> SendAsync(HttpClient client, FuzzCase fuzz, CancellationToken cancellationToken)
    {
        using var request = fuzz.ToRequest();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, $"no answer: {ex.GetType().Name}: {ex.Message}");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status < 400)
            {
                return (status, null);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var excerpt = body.Length > 300 ? body[..300] + "…" : body;
            if (status >= 500)
            {
                return (status, $"{status}: {excerpt}");
            }

            if (request.Method == HttpMethod.Head)
            {
                return (status, null);
            }

            // Kestrel refuses a path with an encoded NUL while parsing the request line, before any
            // of the application runs: a bare 400 that no middleware can turn into a problem.
            if (status == 400 && fuzz.Url.Split('?')[0].Contains("%00", StringComparison.Ordinal) && body.Length == 0)
            {
                return (status, null);
            }

            // STOW-RS answers a request whose every instance failed with 409 and the DICOM JSON
            // Store Instances Response (PS3.18 10.5.3): the failure reason per instance, which a
            // DICOMweb client reads and a problem document could not carry.
            if (status == 409 && fuzz.Method == HttpMethod.Post && fuzz.Route.StartsWith("POST /dicomweb/", StringComparison.Ordinal)
                && response.Content.Headers.ContentType?.MediaType == "application/dicom+json")
            {
                return (status, null);
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return (status, $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {excerpt}");
            }

            try
            {
                var problem = JsonDocument.Parse(body).RootElement;
                if (!problem.TryGetProperty("type", out _) || !problem.TryGetProperty("title", out _)
                    || !problem.TryGetProperty("status", out var s) || s.GetInt32() != status)
                {
                    return (status, $"{status} problem without type, title or the status: {excerpt}");
                }
            }
            catch (JsonException)
            {
                return (status, $"{status} problem that is not JSON: {excerpt}");
            }

            return (status, null);
        }
    }

    /// <summary>The run's own dataset draft, upload, tenant, flavor and job image, and a published dataset of the seed.</summary>
    private async Task<FuzzIds> PrepareAsync()
    {
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        using var anonymous = fixture.Platform.CreateApiClient();

        var dataset = await IngestRequests.CreateDraftAsync(hugo, "Fuzz dataset");
        var upload = await IngestRequests.CreateAsync(hugo, dataset, 10, "fuzz.dcm");
        var published = (await Catalogue.CatalogueApi.SearchAsync(anonymous, "pageSize=1")).GetProperty("items")[0].GetProperty("id").GetGuid();

        const string Tenant = "fuzz-owned";
        await TenantRequests.EnsureTenantAsync(alba, Tenant);
        const string Flavor = "fuzz-owned";
        await TenantRequests.EnsureFlavorAsync(alba, Flavor, 0);
        const string Image = "registry.example.org/fuzz/owned:1";
        var image = await alba.PostAsJsonAsync("/api/job-images", new { reference = Image, digest = "sha256:" + new string('b', 64), description = "The fuzz suite's image." });
        Assert.True(image.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict or HttpStatusCode.OK, $"job image: {(int)image.StatusCode} {await image.Content.ReadAsStringAsync()}");

        return new FuzzIds(dataset, published, Guid.Parse(upload.TrimEnd('/').Split('/')[^1]), Tenant, Flavor, Image);
    }

    private static async Task<double> ClockOffsetAsync(HttpClient admin) =>
        JsonDocument.Parse(await admin.GetStringAsync("/api/admin/test-clock")).RootElement.GetProperty("offsetSeconds").GetDouble();

    private static async Task RestoreClockAsync(HttpClient admin, double offset)
    {
        if (await ClockOffsetAsync(admin) != offset)
        {
            (await admin.PutAsJsonAsync("/api/admin/test-clock", new { offsetSeconds = offset })).EnsureSuccessStatusCode();
        }
    }
}
