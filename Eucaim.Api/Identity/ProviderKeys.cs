using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Eucaim.Api.Identity;

/// <summary>
/// Makes sure a JwtBearer scheme has its provider's discovery document and keys before it looks at
/// a token. Without this, a provider that was never reached makes JwtBearer's token handler log the
/// fetch failure and then refuse every token for an unknown key: a misleading 401 where the truth is
/// a 503. Once fetched, the configuration manager serves its last good copy, so this costs nothing.
/// </summary>
internal static class ProviderKeys
{
    public static async Task EnsureAsync(MessageReceivedContext context)
    {
        if (context.Result is not null || BearerToken.From(context.Request) is null || context.Options.ConfigurationManager is not { } manager)
        {
            return;
        }

        try
        {
            await manager.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            context.Fail(new SignInProviderUnavailableException(
                "The sign-in provider's discovery document or signing keys could not be fetched, and none are cached yet. Try again shortly.", ex));
        }
    }
}
