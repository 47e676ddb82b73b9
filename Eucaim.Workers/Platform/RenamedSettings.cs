using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Platform;

/// <summary>
/// Settings whose key changed (seconds as numbers became <see cref="TimeSpan"/>s named ...Interval):
/// a deployment still setting the old key fails on start instead of silently getting the default.
/// </summary>
public static class RenamedSettings
{
    public static OptionsBuilder<TOptions> RejectRenamed<TOptions>(
        this OptionsBuilder<TOptions> options, IConfiguration configuration, string section, params (string Old, string New)[] renames)
        where TOptions : class
    {
        foreach (var (old, renamed) in renames)
        {
            var key = $"{section}:{old}";
            options.Validate(_ => configuration[key] is null,
                $"{key} was renamed to {section}:{renamed}, a TimeSpan (e.g. 00:00:05 for 5 seconds).");
        }

        return options;
    }
}
