using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Eucaim.Api.Identity;

/// <summary>
/// LS Login's discovery document and keys, through the LS Login JwtBearer scheme's own
/// configuration manager: one cache for keys, userinfo and introspection endpoints. Once fetched,
/// the last good copy keeps serving while the provider is down.
/// </summary>
internal sealed class LsLoginMetadata(IOptionsMonitor<JwtBearerOptions> bearerOptions)
{
    public async Task<OpenIdConnectConfiguration> GetAsync(CancellationToken cancellationToken)
    {
        var manager = bearerOptions.Get(IdentitySchemes.LsLogin).ConfigurationManager
            ?? throw new InvalidOperationException("The LS Login scheme has no configuration manager.");
        try
        {
            return await manager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SignInProviderUnavailableException(
                "The sign-in provider's discovery document or signing keys could not be fetched, and none are cached yet. Try again shortly.", ex);
        }
    }
}
