using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Api;

/// <summary>Requests as the signed-in user of the target platform, with a JSON body where there is one.</summary>
internal static class SignedInRequests
{
    public static async Task<JsonElement> GetSignedInAsync(this CliContext context, string relativePath, CancellationToken cancellationToken)
    {
        var token = await context.Session.AccessTokenAsync(cancellationToken);
        return await context.Api.GetJsonAsync(relativePath, token, cancellationToken);
    }

    public static async Task<ApiAnswer> SendSignedInAsync(
        this CliContext context, HttpMethod method, string relativePath, CancellationToken cancellationToken, JsonNode? body = null)
    {
        var token = await context.Session.AccessTokenAsync(cancellationToken);
        using var content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await context.Api.SendAsync(method, relativePath, token, cancellationToken, content);
    }

    /// <summary>
    /// A path segment as typed by the user, escaped: a slug or name with '/' or '?' stays one segment
    /// and the API answers 404 for it instead of another route answering.
    /// </summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
