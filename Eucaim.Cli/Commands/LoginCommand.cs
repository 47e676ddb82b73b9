using System.CommandLine;
using Eucaim.Cli.Platform;
using Eucaim.Cli.SignIn;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim login</c>: device sign-in by default, <c>--browser</c> for code + PKCE on a loopback port.</summary>
internal static class LoginCommand
{
    public static Command Create(CommandFactory factory)
    {
        var browser = new Option<bool>("--browser")
        {
            Description = "Sign in in a browser on this machine (authorization code + PKCE, loopback redirect) instead of entering a code.",
        };
        var command = factory.Create("login",
            "Sign in to the platform. By default prints a code to enter at the sign-in page on any device (works over SSH).",
            "eucaim login",
            "eucaim login --browser",
            "eucaim login --platform https://eucaim.example.org");
        command.Options.Add(browser);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var client = await ClientConfig.FetchAsync(context.Api, cancellationToken);
            var provider = await OidcProvider.DiscoverAsync(context.Http, client.Authority, cancellationToken);
            var answer = parse.GetValue(browser)
                ? await BrowserFlow.RunAsync(context.Host, provider, client, cancellationToken)
                : await DeviceFlow.RunAsync(context.Host, provider, client, cancellationToken);

            var platform = context.Target.Url;
            context.Tokens.Write(platform, new CachedSignIn(
                platform.AbsoluteUri,
                client.Authority,
                client.ClientId,
                answer.AccessToken!,
                answer.RefreshToken,
                context.Host.Time.GetUtcNow() + answer.ExpiresIn,
                answer.Scope));

            var me = await context.Api.GetJsonAsync("api/me", answer.AccessToken, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(me);
            }
            else
            {
                context.Output.Line($"Signed in to {context.Target.Display} as {WhoamiCommand.Describe(me)}.");
                if (answer.RefreshToken is null)
                {
                    context.Host.Error.WriteLine("eucaim: the provider gave no refresh token; you will have to sign in again when the access token expires.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
