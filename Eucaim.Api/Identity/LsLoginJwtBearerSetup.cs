using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>JwtBearer options of the LS Login scheme, from <see cref="LsLoginOptions"/>.</summary>
internal sealed class LsLoginJwtBearerSetup(IOptions<LsLoginOptions> lsLogin, IHostEnvironment environment)
    : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name != IdentitySchemes.LsLogin)
        {
            return;
        }

        var settings = lsLogin.Value;
        options.Authority = settings.Authority;
        if (!string.IsNullOrWhiteSpace(settings.MetadataAddress))
        {
            options.MetadataAddress = settings.MetadataAddress;
        }

        options.RequireHttpsMetadata = settings.RequireHttpsMetadata
            ?? !(environment.IsDevelopment() || IsLoopback(settings.MetadataAddress ?? settings.Authority));
        options.BackchannelTimeout = TimeSpan.FromSeconds(10);
        options.MapInboundClaims = false; // `sub` stays `sub`, `eduperson_entitlement` stays as sent
        options.IncludeErrorDetails = true;
        options.SaveToken = false;

        options.TokenValidationParameters.ValidIssuer = settings.ExpectedIssuer;
        options.TokenValidationParameters.ValidAudience = settings.Audience;
        StrictTokenValidation.Apply(options.TokenValidationParameters, settings.ClockSkewSeconds);
        options.EventsType = typeof(LsLoginBearerEvents);
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    private static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
