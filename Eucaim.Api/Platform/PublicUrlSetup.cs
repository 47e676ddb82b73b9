using Eucaim.Core.Access;

namespace Eucaim.Api.Platform;

internal static class PublicUrlSetup
{
    /// <summary>
    /// The configured public base URL (<see cref="PublicUrl"/>): required outside Development, an
    /// absolute http(s) URL without query or fragment, checked on start.
    /// </summary>
    public static IHostApplicationBuilder AddEucaimPublicUrl(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<AccessOptions>()
            .Validate(o => development || !string.IsNullOrWhiteSpace(o.PublicUrl),
                $"{AccessOptions.Section}:PublicUrl is required: the platform's public base URL (e.g. https://eucaim.example.org), which names it in visas, links and catalogue ids.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicUrl) || IsBaseUrl(o.PublicUrl),
                $"{AccessOptions.Section}:PublicUrl must be an absolute http or https URL without query or fragment.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicUrl>();
        return builder;
    }

    private static bool IsBaseUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}
