using Eucaim.Core.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Platform;

/// <summary>
/// The platform's public base URL, for everything the Api signs or names: the visas' <c>iss</c>,
/// <c>jku</c>, <c>source</c> and <c>value</c>, DCAT-AP ids, DICOMweb retrieve URLs. It is
/// configured (<c>Eucaim:Access:PublicUrl</c>, which the AppHost sets locally and every deployment
/// must set) and never taken from a request, whose <c>Host</c> header the caller chooses. Only a
/// Development run without the setting (the Api started on its own) falls back to the address
/// Kestrel listens on.
/// </summary>
internal sealed class PublicUrl(IOptions<AccessOptions> options, IServer server)
{
    private string? _base;

    /// <summary>Scheme, host, port and any path prefix, without a trailing slash.</summary>
    public string Base => _base ??= Resolve();

    /// <summary>The absolute URL of <paramref name="path"/> (which starts with <c>/</c>).</summary>
    public string Of(string path) => Base + path;

    private string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
        {
            return options.Value.PublicUrl.TrimEnd('/');
        }

        // Only reachable in Development: elsewhere the setting is required on start (PublicUrlSetup).
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => Uri.TryCreate(a.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttps ? 0 : 1)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"{AccessOptions.Section}:PublicUrl is not set and the Api listens on no address yet.");
        var host = listening.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : listening.Host;
        return new UriBuilder(listening.Scheme, host, listening.Port).Uri.GetLeftPart(UriPartial.Authority);
    }
}
