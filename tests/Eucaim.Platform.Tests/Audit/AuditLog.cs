using System.Net;
using System.Text.Json;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Audit;

/// <summary>Reading the audit log as an admin, and waiting for entries that the Workers append later (folded refusals).</summary>
internal static class AuditLog
{
    /// <summary>Refusals reach the chain once their window (a minute) has closed and the Workers fold it.</summary>
    public static readonly TimeSpan FoldPatience = TimeSpan.FromMinutes(3);

    public static async Task<List<JsonElement>> EntriesAsync(HttpClient admin, string query) =>
        (await ReadAsync(await admin.GetAsync($"/api/audit?{query}"), HttpStatusCode.OK)).GetProperty("entries").EnumerateArray().ToList();

    /// <summary>Polls <paramref name="query"/> until <paramref name="done"/> holds for the matching entries, and returns them.</summary>
    public static async Task<List<JsonElement>> WaitForAsync(HttpClient admin, string query, Func<JsonElement, bool> match,
        Func<List<JsonElement>, bool> done, TimeSpan? patience = null)
    {
        var deadline = DateTimeOffset.UtcNow + (patience ?? FoldPatience);
        while (true)
        {
            var found = (await EntriesAsync(admin, query)).Where(match).ToList();
            if (done(found))
            {
                return found;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"GET /api/audit?{query}: still not there after {patience ?? FoldPatience}; found {found.Count}: {string.Join(", ", found.Select(f => f.GetRawText()))}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    public static async Task<JsonElement> VerifyAsync(HttpClient admin) =>
        await ReadAsync(await admin.GetAsync("/api/audit/verify"), HttpStatusCode.OK);
}
