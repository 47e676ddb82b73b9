using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>Small helpers over the catalogue's HTTP API for the tests.</summary>
public static class CatalogueApi
{
    public static async Task<JsonElement> SearchAsync(HttpClient api, string query)
    {
        var response = await api.GetAsync($"/api/datasets?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/datasets?{query} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Dictionary<string, int> Facet(JsonElement result, string facet) =>
        result.GetProperty("facets").GetProperty(facet).EnumerateArray()
            .Where(v => v.GetProperty("count").GetInt32() > 0)
            .ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt32());

    /// <summary>The fields named by a 400 problem's <c>errors</c>.</summary>
    public static async Task<string[]> ProblemFieldsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
    }

    /// <summary>Valid metadata of a new dataset; <paramref name="name"/> makes it findable by text.</summary>
    public static Dictionary<string, object?> Metadata(string name, string? organization = null) => new()
    {
        ["organization"] = organization,
        ["name"] = name,
        ["description"] = $"Retrospective cohort {name} of lung cancer patients with CT studies and clinical follow-up.",
        ["intendedPurpose"] = "Train and validate nodule detection models.",
        ["cancerType"] = "Lung cancer",
        ["modalities"] = new[] { "CT", "PT" },
        ["bodyParts"] = new[] { "Chest" },
        ["ageRange"] = "40 / 85 years",
        ["sex"] = "Male and Female",
        ["subjects"] = 120,
        ["studies"] = 240,
        ["deidentification"] = "Personal data is pseudonymised",
        ["termsOfUse"] = "Access by request",
        ["tier"] = "2",
        ["sharingMode"] = "federated-node",
        ["federatedNode"] = "node-1",
    };

    public static async Task<(JsonElement Body, string ETag)> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}, expected {(int)expected}: {body}");
        var etag = response.Headers.ETag?.ToString() ?? "";
        return (body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default, etag);
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient api, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return api.SendAsync(request);
    }
}
