using Eucaim.Cli.Platform;

namespace Eucaim.Cli.SignIn;

/// <summary>
/// The signed-in user of one platform: hands out a valid access token, refreshing it silently
/// (refresh_token grant) when it expires within <see cref="RefreshMargin"/>.
/// </summary>
internal sealed class Session(CliHost host, HttpClient http, TokenCache cache, Uri platform)
{
    /// <summary>Refresh this long before expiry, so a token never expires on its way to the API.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(30);

    private string Display => platform.AbsoluteUri.TrimEnd('/');

    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var signIn = cache.Read(platform) ?? throw NotSignedIn();
        if (signIn.ExpiresAt - host.Time.GetUtcNow() > RefreshMargin)
        {
            return signIn.AccessToken;
        }

        // The provider rotates refresh tokens and revokes the whole grant when an old one is used
        // again, so two commands refreshing at once must not both spend the same one: one refreshes,
        // the other waits and reads what it wrote.
        await using var held = await LockAsync(cancellationToken);
        signIn = cache.Read(platform) ?? throw NotSignedIn();
        if (signIn.ExpiresAt - host.Time.GetUtcNow() > RefreshMargin)
        {
            return signIn.AccessToken;
        }

        if (signIn.RefreshToken is null)
        {
            throw new CliException(ExitCodes.SignIn, $"your sign-in to {Display} has expired; run `eucaim login`");
        }

        var provider = await OidcProvider.DiscoverAsync(http, signIn.Authority, cancellationToken);
        var answer = await provider.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = signIn.ClientId,
            ["refresh_token"] = signIn.RefreshToken,
        }, cancellationToken);
        if (answer.Error is not null)
        {
            if (answer.Error == "invalid_grant")
            {
                cache.Delete(platform);
            }

            throw new CliException(ExitCodes.SignIn, $"your sign-in to {Display} has expired or was revoked ({answer.Error}); run `eucaim login`");
        }

        var refreshed = signIn with
        {
            AccessToken = answer.AccessToken!,
            RefreshToken = answer.RefreshToken ?? signIn.RefreshToken,
            ExpiresAt = host.Time.GetUtcNow() + answer.ExpiresIn,
            Scope = answer.Scope ?? signIn.Scope,
        };
        cache.Write(platform, refreshed);
        return refreshed.AccessToken;
    }

    private CliException NotSignedIn() => new(ExitCodes.SignIn, $"not signed in to {Display}; run `eucaim login`");

    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = cache.PathOf(platform) + ".lock";
        var giveUp = host.Time.GetUtcNow() + LockPatience;
        while (true)
        {
            try
            {
                return new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    Options = FileOptions.DeleteOnClose,
                });
            }
            catch (IOException) when (host.Time.GetUtcNow() < giveUp)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), host.Time, cancellationToken);
            }
            catch (IOException)
            {
                throw new CliException(ExitCodes.Failure, $"another eucaim command holds {path}; if none runs, delete that file");
            }
        }
    }
}
