using System.CommandLine;

namespace Eucaim.Cli.Platform;

/// <summary>Options every command accepts (recursive on the root); made per run, as the parser keeps state in them.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Platform { get; } = new("--platform")
    {
        Description = "The platform's URL, e.g. https://eucaim.example.org (default: EUCAIM_PLATFORM, the profile in use, else http://localhost:5080).",
        Recursive = true,
    };

    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "Use this named profile's platform (default: EUCAIM_PROFILE, else the profile in use).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of tables.",
        Recursive = true,
    };
}
