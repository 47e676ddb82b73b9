using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// Real tokens from the running dev LS Login, obtained the way a browser or the CLI gets them:
/// authorization code + PKCE (S256) through the sign-in page, the device flow, or client
/// credentials. No token in the tests is hand-made for the happy path.
/// </summary>
public sealed partial class DevLsLogin
{
    public const string RedirectUri = "http://127.0.0.1/callback";
    public const string Scope = "openid profile email eduperson_entitlement offline_access";
    public const string ServiceClient = "eucaim-service";
    public const string ServiceSecret = "dev-service-secret";

    /// <summary>Seeded users of tools/dev-oidc/users.json.</summary>
    public static readonly string[] Users = ["alba", "hugo", "clara", "kai", "rita", "rob", "remy", "nora"];

    // Keyed by issuer too: every platform run has its own provider on its own port.
    private static readonly ConcurrentDictionary<(string Issuer, string Login, string Client), Lazy<Task<JsonElement>>> Cache = new();
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonElement>>> Discoveries = new();

    public DevLsLogin(DistributedApplication app)
        : this(app.GetEndpoint("lslogin", "http"))
    {
    }

    public DevLsLogin(Uri issuer)
    {
        // The provider's issuer is its endpoint URL without a trailing slash (see ISSUER in the AppHost).
        Issuer = issuer.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The issuer exactly as it appears in the tokens' <c>iss</c>.</summary>
    public string Issuer { get; }

    /// <summary>An access token of <paramref name="login"/>, cached per (login, client) for this run.</summary>
    public async Task<string> AccessTokenAsync(string login, string client = "eucaim-cli") =>
        AccessTokenOf(await TokenResponseAsync(login, client));

    /// <summary>The whole token response (access, id and refresh token), cached per (login, client).</summary>
    public Task<JsonElement> TokenResponseAsync(string login, string client = "eucaim-cli") =>
        Cache.GetOrAdd((Issuer, login, client), key => new Lazy<Task<JsonElement>>(() => SignInAsync(key.Login, key.Client))).Value;

    /// <summary>A new sign-in, bypassing the cache (new access token, new refresh token).</summary>
    public Task<JsonElement> FreshTokenResponseAsync(string login, string client = "eucaim-cli") => SignInAsync(login, client);

    /// <summary>A client-credentials token of <c>eucaim-service</c> (no user, <c>sub</c> = client id).</summary>
    public async Task<string> ServiceTokenAsync()
    {
        var response = await Cache.GetOrAdd((Issuer, "", ServiceClient), _ => new Lazy<Task<JsonElement>>(async () =>
        {
            var discovery = await DiscoveryAsync();
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, discovery.GetProperty("token_endpoint").GetString())
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["scope"] = "eucaim.service",
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServiceClient}:{ServiceSecret}")));
            return await ReadTokenResponseAsync(await http.SendAsync(request));
        })).Value;
        return AccessTokenOf(response);
    }

    /// <summary>The provider's discovery document.</summary>
    public Task<JsonElement> DiscoveryAsync() =>
        Discoveries.GetOrAdd(Issuer, issuer => new Lazy<Task<JsonElement>>(async () =>
        {
            using var http = new HttpClient();
            var text = await http.GetStringAsync($"{issuer}/.well-known/openid-configuration");
            return JsonDocument.Parse(text).RootElement.Clone();
        })).Value;

    /// <summary>
    /// The device authorization grant as a person and a command-line tool do it: the tool asks
    /// for a code, the person enters it on the verification page and signs in, the tool polls.
    /// </summary>
    public async Task<JsonElement> DeviceFlowAsync(string login, string client = "eucaim-cli")
    {
        var discovery = await DiscoveryAsync();
        var tokenEndpoint = discovery.GetProperty("token_endpoint").GetString()!;
        using var cli = new HttpClient();
        var authorization = await ReadJsonAsync(await cli.PostAsync(
            discovery.GetProperty("device_authorization_endpoint").GetString(),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = client, ["scope"] = Scope })));
        var deviceCode = authorization.GetProperty("device_code").GetString()!;
        var userCode = authorization.GetProperty("user_code").GetString()!;
        var verificationUri = new Uri(authorization.GetProperty("verification_uri").GetString()!);

        var pending = await PollDeviceTokenAsync(cli, tokenEndpoint, client, deviceCode);
        if (pending.GetProperty("error").GetString() != "authorization_pending")
        {
            throw new InvalidOperationException($"device flow: expected authorization_pending before sign-in, got {pending}");
        }

        await ApproveDeviceCodeAsync(verificationUri, userCode, login);

        var token = await PollDeviceTokenAsync(cli, tokenEndpoint, client, deviceCode);
        if (!token.TryGetProperty("access_token", out _))
        {
            throw new InvalidOperationException($"device flow: no token after sign-in: {token}");
        }

        return token;
    }

    /// <summary>
    /// What a person does with a device-flow code: opens the verification page, enters the code and
    /// signs in as <paramref name="login"/>.
    /// </summary>
    public static async Task ApproveDeviceCodeAsync(Uri verificationUri, string userCode, string login)
    {
        using var browser = new Browser();
        var response = await EnterDeviceCodeAsync(browser, verificationUri, userCode, "confirm");
        await browser.CompleteSignInAsync(response, login, stopAt: null);
    }

    /// <summary>The person enters the code, then presses Cancel instead of signing in: the device code is denied.</summary>
    public static async Task DenyDeviceCodeAsync(Uri verificationUri, string userCode)
    {
        using var browser = new Browser();
        var response = await EnterDeviceCodeAsync(browser, verificationUri, userCode, "abort");
        var text = await response.Content.ReadAsStringAsync();
        if (!text.Contains("cancelled", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"device flow: cancelling did not say so: {(int)response.StatusCode} {text}");
        }
    }

    /// <summary>The verification page's form, with the code entered and <paramref name="button"/> (confirm or abort) pressed.</summary>
    private static async Task<HttpResponseMessage> EnterDeviceCodeAsync(Browser browser, Uri verificationUri, string userCode, string button)
    {
        var page = await browser.SendAsync(HttpMethod.Get, verificationUri);
        var input = await page.Content.ReadAsStringAsync();
        var xsrf = XsrfField().Match(input) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException($"device flow: no xsrf field on {verificationUri}: {input}");
        return await browser.SendAsync(HttpMethod.Post, verificationUri, new Dictionary<string, string>
        {
            ["xsrf"] = xsrf,
            ["user_code"] = userCode,
            [button] = "yes",
        });
    }

    /// <summary>
    /// What a browser does with an authorization URL a client opened: signs in as
    /// <paramref name="login"/> and returns the redirect to the client's loopback callback
    /// (any port), not yet followed.
    /// </summary>
    public static async Task<Uri> SignInInBrowserAsync(Uri authorizationUrl, string login)
    {
        var redirect = ParseQuery(authorizationUrl.Query)["redirect_uri"];
        using var browser = new Browser();
        var response = await browser.SendAsync(HttpMethod.Get, authorizationUrl);
        return await browser.CompleteSignInAsync(response, login, stopAt: redirect)
            ?? throw new InvalidOperationException($"sign-in of {login} did not come back to {redirect}");
    }

    private static async Task<JsonElement> PollDeviceTokenAsync(HttpClient cli, string tokenEndpoint, string client, string deviceCode)
    {
        var response = await cli.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["client_id"] = client,
            ["device_code"] = deviceCode,
        }));
        return await ReadJsonAsync(response);
    }

    private async Task<JsonElement> SignInAsync(string login, string client)
    {
        var discovery = await DiscoveryAsync();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(48));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var query = new Dictionary<string, string>
        {
            ["client_id"] = client,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = Scope,
            ["state"] = state,
            ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        var authorize = new Uri($"{discovery.GetProperty("authorization_endpoint").GetString()}?{await new FormUrlEncodedContent(query).ReadAsStringAsync()}");

        string code;
        using (var browser = new Browser())
        {
            var response = await browser.SendAsync(HttpMethod.Get, authorize);
            var callback = await browser.CompleteSignInAsync(response, login, stopAt: RedirectUri)
                ?? throw new InvalidOperationException($"sign-in of {login} with {client} did not come back to {RedirectUri}");
            var parameters = ParseQuery(callback.Query);
            if (parameters.TryGetValue("error", out var error))
            {
                throw new InvalidOperationException($"sign-in of {login} with {client} refused: {error} {parameters.GetValueOrDefault("error_description")}");
            }

            if (parameters.GetValueOrDefault("state") != state)
            {
                throw new InvalidOperationException("state mismatch in the authorization response");
            }

            code = parameters["code"];
        }

        using var http = new HttpClient();
        var token = await http.PostAsync(discovery.GetProperty("token_endpoint").GetString(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = client,
            ["code_verifier"] = verifier,
        }));
        return await ReadTokenResponseAsync(token);
    }

    private static string AccessTokenOf(JsonElement response) => response.GetProperty("access_token").GetString()!;

    private static async Task<JsonElement> ReadTokenResponseAsync(HttpResponseMessage response)
    {
        var json = await ReadJsonAsync(response);
        if (!response.IsSuccessStatusCode || !json.TryGetProperty("access_token", out _))
        {
            throw new InvalidOperationException($"token request refused ({(int)response.StatusCode}): {json}");
        }

        return json;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"expected JSON from {response.RequestMessage?.RequestUri} ({(int)response.StatusCode}): {text}");
        }
    }

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"xsrf\" value=\"([^\"]*)\"")]
    private static partial Regex XsrfField();

    [GeneratedRegex("/interaction/[A-Za-z0-9_-]+$")]
    private static partial Regex InteractionPage();

    /// <summary>A cookie-keeping client that, like a browser's network log, sees every redirect.</summary>
    private sealed class Browser : IDisposable
    {
        private const int MaxSteps = 12;
        private readonly HttpClient _http = new(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
        });

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, IDictionary<string, string>? form = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            var response = await _http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        /// <summary>
        /// Follows redirects and submits the sign-in form as <paramref name="login"/>. Returns the
        /// redirect that leaves for <paramref name="stopAt"/> (the client's loopback callback), or
        /// null when the flow ends on a page (the device flow's "signed in" page).
        /// </summary>
        public async Task<Uri?> CompleteSignInAsync(HttpResponseMessage response, string login, string? stopAt)
        {
            var signedIn = false;
            for (var step = 0; step < MaxSteps; step++)
            {
                var url = response.RequestMessage!.RequestUri!;
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400)
                {
                    var location = response.Headers.Location ?? throw new InvalidOperationException($"redirect without Location from {url}");
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (stopAt is not null && next.GetLeftPart(UriPartial.Path) == stopAt)
                    {
                        return next;
                    }

                    response = await SendAsync(HttpMethod.Get, next);
                }
                else if (status == 200 && !signedIn && InteractionPage().IsMatch(url.AbsolutePath))
                {
                    response = await SendAsync(HttpMethod.Post, new Uri($"{url.GetLeftPart(UriPartial.Path)}/login"),
                        new Dictionary<string, string> { ["user"] = login });
                    if (response.StatusCode == HttpStatusCode.BadRequest)
                    {
                        throw new InvalidOperationException($"sign-in as '{login}' refused: {await response.Content.ReadAsStringAsync()}");
                    }

                    signedIn = true;
                }
                else if (status == 200 && stopAt is null && signedIn)
                {
                    return null;
                }
                else
                {
                    throw new InvalidOperationException($"unexpected HTTP {status} from {url}: {Truncate(await response.Content.ReadAsStringAsync())}");
                }
            }

            throw new InvalidOperationException($"sign-in as '{login}' did not finish within {MaxSteps} steps");
        }

        public void Dispose() => _http.Dispose();

        private static string Truncate(string text) => text.Length > 400 ? text[..400] : text;
    }
}
