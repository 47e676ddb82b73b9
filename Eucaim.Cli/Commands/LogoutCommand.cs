using System.CommandLine;
using Eucaim.Cli.Platform;
using Eucaim.Cli.SignIn;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim logout</c>: revokes the refresh token at the provider (RFC 7009), then forgets the tokens.</summary>
internal static class LogoutCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("logout",
            "Sign out: revoke the refresh token at the sign-in provider and delete this platform's cached tokens.",
            "eucaim logout",
            "eucaim logout --profile production");
        factory.Run(command, async (context, _, cancellationToken) =>
        {
            var platform = context.Target.Url;
            var signIn = context.Tokens.Read(platform);
            if (signIn is null)
            {
                context.Tokens.Delete(platform);
                context.Output.Line($"Not signed in to {context.Target.Display}.");
                return ExitCodes.Ok;
            }

            string? failure = null;
            if (signIn.RefreshToken is not null)
            {
                try
                {
                    var provider = await OidcProvider.DiscoverAsync(context.Http, signIn.Authority, cancellationToken);
                    if (provider.RevocationEndpoint is null)
                    {
                        failure = $"the provider {signIn.Authority} has no revocation endpoint";
                    }
                    else
                    {
                        var (status, json) = await provider.PostFormAsync(provider.RevocationEndpoint, new Dictionary<string, string>
                        {
                            ["token"] = signIn.RefreshToken,
                            ["token_type_hint"] = "refresh_token",
                            ["client_id"] = signIn.ClientId,
                        }, cancellationToken);
                        // RFC 7009 §2.2: 200 also for a token that was already invalid.
                        if (status != 200)
                        {
                            failure = $"the provider refused the revocation (HTTP {status} {new TokenAnswer(json).ErrorDescription})";
                        }
                    }
                }
                catch (CliException e)
                {
                    failure = e.Message;
                }
            }

            // Forgotten either way: a sign-out that leaves the tokens on disk would be worse.
            context.Tokens.Delete(platform);
            if (failure is not null)
            {
                context.Host.Error.WriteLine($"eucaim: signed out of {context.Target.Display} on this machine, but {failure}; the refresh token stays valid until it expires");
                return ExitCodes.Failure;
            }

            context.Output.Line($"Signed out of {context.Target.Display}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
