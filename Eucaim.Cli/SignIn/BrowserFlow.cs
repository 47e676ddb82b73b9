using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.SignIn;

/// <summary>
/// Authorization code + PKCE (S256) with a loopback redirect (RFC 8252 §7.3): the tool listens on
/// 127.0.0.1 on a port the system picks, the browser comes back to <c>http://127.0.0.1:port/callback</c>.
/// </summary>
internal static class BrowserFlow
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<TokenAnswer> RunAsync(CliHost host, OidcProvider provider, ClientConfig client, CancellationToken cancellationToken)
    {
        var authorize = provider.AuthorizationEndpoint
            ?? throw new CliException(ExitCodes.SignIn, $"the sign-in provider {provider.Authority} names no authorization endpoint; use `eucaim login` (device sign-in)");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var redirectUri = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/callback";

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var query = await new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = client.ClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = redirectUri,
            ["scope"] = client.Scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }).ReadAsStringAsync(cancellationToken);
        var url = new Uri($"{authorize.AbsoluteUri}{(authorize.Query.Length > 0 ? "&" : "?")}{query}");

        var opened = host.OpenBrowser(url);
        host.Error.WriteLine(opened
            ? $"Your browser has been opened to sign in. If it did not open, open this URL yourself:\n{url.AbsoluteUri}"
            : $"Open this URL in a browser on this machine to sign in:\n{url.AbsoluteUri}");
        host.Error.WriteLine("Waiting for the sign-in to complete (Ctrl+C to stop)…");
        host.Error.Flush();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        Dictionary<string, string> callback;
        try
        {
            callback = await AwaitCallbackAsync(listener, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.SignIn, $"no sign-in came back within {Patience.TotalMinutes:0} minutes; run `eucaim login --browser` again");
        }

        if (callback.TryGetValue("error", out var error))
        {
            throw new CliException(ExitCodes.SignIn, $"the sign-in was refused at the provider ({error}) {callback.GetValueOrDefault("error_description")}".Trim());
        }

        if (callback.GetValueOrDefault("state") != state || !callback.TryGetValue("code", out var code))
        {
            throw new CliException(ExitCodes.SignIn, "the browser came back without this sign-in's state; run `eucaim login --browser` again");
        }

        var answer = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = client.ClientId,
            ["code_verifier"] = verifier,
        }, cancellationToken);
        return answer.Error is null
            ? answer
            : throw new CliException(ExitCodes.SignIn, $"the provider refused the sign-in code: {answer.Error}: {answer.ErrorDescription}");
    }

    /// <summary>Answers requests on the loopback port until one is the callback (a browser may ask for /favicon.ico first).</summary>
    private static async Task<Dictionary<string, string>> AwaitCallbackAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = connection.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(cancellationToken) ?? "";
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(cancellationToken)))
            {
                // The headers say nothing the callback needs.
            }

            var target = requestLine.Split(' ') is [_, var t, ..] ? t : "/";
            var path = target.Split('?', 2);
            if (path[0] != "/callback")
            {
                await RespondAsync(stream, "404 Not Found", "Not found.", cancellationToken);
                continue;
            }

            var parameters = (path.Length > 1 ? path[1] : "").Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .GroupBy(p => Uri.UnescapeDataString(p[0]))
                .ToDictionary(g => g.Key, g => g.First() is [_, var v] ? Uri.UnescapeDataString(v.Replace('+', ' ')) : "");
            await RespondAsync(stream, "200 OK", parameters.ContainsKey("error")
                ? "The sign-in did not succeed. Return to the terminal."
                : "Signed in to Eucaim. You can close this tab and return to the terminal.", cancellationToken);
            return parameters;
        }
    }

    private static async Task RespondAsync(Stream stream, string status, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><meta charset=\"utf-8\"><title>eucaim</title><p>{WebUtility.HtmlEncode(message)}</p>");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
