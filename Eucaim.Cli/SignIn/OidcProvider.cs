using System.Text.Json;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.SignIn;

/// <summary>The OpenID provider (LS Login, or the dev provider) as its discovery document describes it.</summary>
internal sealed class OidcProvider
{
    private readonly HttpClient _http;

    private OidcProvider(HttpClient http, string authority, JsonElement discovery)
    {
        _http = http;
        Authority = authority;
        TokenEndpoint = Endpoint(discovery, "token_endpoint") ?? throw new CliException(ExitCodes.Failure, $"the provider {authority} names no token endpoint");
        AuthorizationEndpoint = Endpoint(discovery, "authorization_endpoint");
        DeviceAuthorizationEndpoint = Endpoint(discovery, "device_authorization_endpoint");
        RevocationEndpoint = Endpoint(discovery, "revocation_endpoint");
    }

    public string Authority { get; }

    public Uri TokenEndpoint { get; }

    public Uri? AuthorizationEndpoint { get; }

    public Uri? DeviceAuthorizationEndpoint { get; }

    public Uri? RevocationEndpoint { get; }

    public static async Task<OidcProvider> DiscoverAsync(HttpClient http, string authority, CancellationToken cancellationToken)
    {
        var address = $"{authority.TrimEnd('/')}/.well-known/openid-configuration";
        var answer = await PostOrGetAsync(http, new HttpRequestMessage(HttpMethod.Get, address), authority, cancellationToken);
        if (answer.Status != 200 || answer.Json.ValueKind != JsonValueKind.Object)
        {
            throw new CliException(ExitCodes.Failure, $"the sign-in provider's discovery document {address} answered HTTP {answer.Status}");
        }

        return new OidcProvider(http, authority, answer.Json);
    }

    /// <summary>A form posted to the token endpoint; OAuth errors come back as answers, not exceptions.</summary>
    public async Task<TokenAnswer> TokenAsync(IDictionary<string, string> form, CancellationToken cancellationToken) =>
        new((await PostFormAsync(TokenEndpoint, form, cancellationToken)).Json);

    public async Task<(int Status, JsonElement Json)> PostFormAsync(Uri endpoint, IDictionary<string, string> form, CancellationToken cancellationToken) =>
        await PostOrGetAsync(_http, new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) }, Authority, cancellationToken);

    private static async Task<(int Status, JsonElement Json)> PostOrGetAsync(HttpClient http, HttpRequestMessage request, string authority, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonElement json = default;
                try
                {
                    json = body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
                }
                catch (JsonException)
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new CliException(ExitCodes.Failure, $"the sign-in provider answered {ProblemLine.Format((int)response.StatusCode, response.ReasonPhrase, body)}");
                    }
                }

                return ((int)response.StatusCode, json);
            }
            catch (HttpRequestException e)
            {
                throw new CliException(ExitCodes.Failure, $"cannot reach the sign-in provider {authority}: {e.Message}");
            }
        }
    }

    private static Uri? Endpoint(JsonElement discovery, string name) =>
        discovery.TryGetProperty(name, out var value) && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) ? url : null;
}
