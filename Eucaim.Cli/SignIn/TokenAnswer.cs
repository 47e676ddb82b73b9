using System.Text.Json;

namespace Eucaim.Cli.SignIn;

/// <summary>An answer of the provider's token endpoint: tokens, or an OAuth error (RFC 6749 §5.2).</summary>
internal sealed record TokenAnswer(JsonElement Json)
{
    public string? AccessToken => Text("access_token");

    public string? RefreshToken => Text("refresh_token");

    public string? Scope => Text("scope");

    public string? Error => Text("error") ?? (AccessToken is null ? "invalid_response" : null);

    public string ErrorDescription => Text("error_description") ?? Error ?? "";

    public TimeSpan ExpiresIn => Json.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
        ? TimeSpan.FromSeconds(seconds)
        : TimeSpan.FromMinutes(5); // unknown lifetime: assume a short one, so it is refreshed early rather than late

    private string? Text(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
