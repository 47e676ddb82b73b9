using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Tenants;

/// <summary>Request bodies and small helpers shared by the tenant tests.</summary>
internal static class TenantRequests
{
    public static object Quota(int gpus = 2, int cpuCores = 16, int memoryGib = 64, int storageGib = 100, int concurrentJobs = 4, int maxJobRuntimeMinutes = 1440) =>
        new { gpus, cpuCores, memoryGib, storageGib, concurrentJobs, maxJobRuntimeMinutes };

    public static object Tenant(string slug, string? name = null, object? quota = null, string[]? allowedFlavors = null, string[]? members = null, string? lsLoginGroup = null) => new
    {
        slug,
        name = name ?? $"Tenant {slug}",
        lsLoginGroup = lsLoginGroup ?? $"urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu:tenants:{slug}#aai.lifescience-ri.eu",
        quota = quota ?? Quota(),
        allowedFlavors = allowedFlavors ?? [],
        members = members ?? [],
    };

    /// <summary>Creates the tenant unless it exists already (other tests of the run may have made it); returns it as the admin sees it.</summary>
    public static async Task<JsonElement> EnsureTenantAsync(HttpClient admin, string slug)
    {
        var created = await admin.PostAsJsonAsync("/api/tenants", Tenant(slug));
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"creating {slug}: {(int)created.StatusCode}");
        return await ReadAsync(await admin.GetAsync($"/api/tenants/{slug}"), HttpStatusCode.OK);
    }

    public static async Task EnsureFlavorAsync(HttpClient admin, string name, int gpus)
    {
        var created = await admin.PostAsJsonAsync("/api/flavors", new
        {
            name,
            description = $"{name} for tests",
            cpuMillicores = 4000,
            memoryMib = 16384,
            gpuCount = gpus,
            gpuType = gpus > 0 ? "NVIDIA-A100-SXM4-80GB" : null,
            nodeSelector = gpus > 0 ? new[] { "nvidia.com/gpu.present=true" } : [],
            tolerations = gpus > 0 ? new[] { "nvidia.com/gpu:NoSchedule" } : [],
            maxRuntimeMinutes = 720,
        });
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"creating flavor {name}: {(int)created.StatusCode}");
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string[] Strings(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
