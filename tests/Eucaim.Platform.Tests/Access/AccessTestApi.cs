using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Catalogue;

namespace Eucaim.Platform.Tests.Access;

/// <summary>Helpers over the access API: published datasets to request, requests, decisions, grants, the test clock.</summary>
internal static class AccessTestApi
{
    public const string Hm = "HM Hospitales";

    /// <summary>A fresh dataset of <paramref name="organization"/>, published, with its access policy set explicitly.</summary>
    public static async Task<Guid> PublishedDatasetAsync(HttpClient holder, string organization, string name, bool requiresDataHolderApproval = false)
    {
        var (created, _) = await CatalogueApi.ReadAsync(
            await CatalogueApi.SendAsync(holder, HttpMethod.Post, "/api/datasets", CatalogueApi.Metadata(name, organization)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(holder, HttpMethod.Post, $"/api/datasets/{id}/publish"), HttpStatusCode.OK);
        await ReadAsync(await holder.PutAsJsonAsync($"/api/datasets/{id}/access-policy", new { requiresDataHolderApproval }), HttpStatusCode.OK);
        return id;
    }

    public static object Request(string tenant, int requestedDays, params Guid[] datasets) => new
    {
        tenant,
        title = "Nodule detection on low-dose CT",
        purpose = "Train and validate a lung nodule detection model for early cancer screening.",
        intendedUse = "Model training inside the tenant; only aggregate metrics leave it.",
        duoCodes = new[] { "DUO:0000042" },
        requestedDays,
        datasets = datasets.Select(d => new { datasetId = d }).ToArray(),
    };

    public static async Task<JsonElement> SubmitAsync(HttpClient requester, string tenant, int requestedDays, params Guid[] datasets) =>
        await ReadAsync(await requester.PostAsJsonAsync("/api/access-requests", Request(tenant, requestedDays, datasets)), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> DecideAsync(HttpClient decider, Guid request, Guid dataset, string decision, string? @as = null, DateTimeOffset? validUntil = null) =>
        decider.PostAsJsonAsync($"/api/access-requests/{request}/decisions", new { datasetId = dataset, decision, @as, validUntil, comment = $"{decision} by test" });

    public static Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        Tenants.TenantRequests.ReadAsync(response, expected);

    public static JsonElement Item(JsonElement request, Guid dataset) =>
        request.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("datasetId").GetGuid() == dataset);

    public static async Task<JsonElement[]> GrantsAsync(HttpClient client, string query) =>
        [.. (await ReadAsync(await client.GetAsync($"/api/grants?{query}"), HttpStatusCode.OK)).EnumerateArray()];

    /// <summary>Moves the access clock of both Api and Workers (the test clock exists only in Development).</summary>
    public static async Task SetClockAsync(PlatformRun platform, HttpClient admin, TimeSpan offset)
    {
        await ReadAsync(await admin.PutAsJsonAsync("/api/admin/test-clock", new { offsetSeconds = offset.TotalSeconds }), HttpStatusCode.OK);
        using var workers = platform.App.CreateHttpClient("workers", "http");
        await ReadAsync(await workers.PutAsJsonAsync("/test-clock", new { offsetSeconds = offset.TotalSeconds }), HttpStatusCode.OK);
    }
}
