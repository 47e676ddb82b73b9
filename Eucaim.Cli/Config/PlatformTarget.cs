using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Config;

/// <summary>The platform a command talks to, and why that one (for <c>profile list</c> and messages).</summary>
internal sealed record PlatformTarget(Uri Url, string Source)
{
    /// <summary>The local platform of <c>./dev up</c>, used when nothing else names one.</summary>
    public static readonly Uri Local = new("http://localhost:5080/");

    /// <summary>
    /// First of: <c>--platform</c>, <c>--profile</c>, <c>EUCAIM_PLATFORM</c>, <c>EUCAIM_PROFILE</c>, the
    /// profile in use (<c>eucaim profile use</c>), the local platform. What is typed beats what is set.
    /// </summary>
    public static PlatformTarget Resolve(string? platformOption, string? profileOption, CliHost host, ProfileStore profiles)
    {
        if (!string.IsNullOrWhiteSpace(platformOption))
        {
            return new PlatformTarget(Parse(platformOption, "--platform"), "--platform");
        }

        if (!string.IsNullOrWhiteSpace(profileOption))
        {
            return FromProfile(profiles.Load(), profileOption, "--profile");
        }

        if (host.Environment("EUCAIM_PLATFORM") is { Length: > 0 } fromEnvironment)
        {
            return new PlatformTarget(Parse(fromEnvironment, "EUCAIM_PLATFORM"), "EUCAIM_PLATFORM");
        }

        var file = profiles.Load();
        if (host.Environment("EUCAIM_PROFILE") is { Length: > 0 } fromProfileVariable)
        {
            return FromProfile(file, fromProfileVariable, "EUCAIM_PROFILE");
        }

        return file.Current is { Length: > 0 } current
            ? FromProfile(file, current, "profile in use")
            : new PlatformTarget(Local, "default: the local platform");
    }

    private static PlatformTarget FromProfile(ProfileFile file, string name, string from) =>
        file.Profiles.TryGetValue(name, out var profile)
            ? new PlatformTarget(Parse(profile.Platform, $"profile '{name}'"), $"profile '{name}'")
            : throw new CliException(ExitCodes.Usage, $"no profile '{name}' (from {from}); see `eucaim profile list`");

    /// <summary>An absolute http(s) URL without query or fragment, kept with a trailing slash so that relative paths append.</summary>
    public static Uri Parse(string value, string from)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new CliException(ExitCodes.Usage, $"{from}: '{value}' is not a platform URL; use e.g. https://eucaim.example.org or http://localhost:5080");
        }

        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }

    /// <summary>The URL as people write it: no trailing slash on a bare host.</summary>
    public string Display => Url.AbsoluteUri.TrimEnd('/');
}
