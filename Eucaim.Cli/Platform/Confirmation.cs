using System.CommandLine;

namespace Eucaim.Cli.Platform;

/// <summary>
/// What cannot be undone is done only when confirmed: <c>--yes</c>, or the name typed again at a
/// terminal. Without a terminal to ask on (a script, a pipe) the command refuses rather than guess.
/// </summary>
internal static class Confirmation
{
    public static Option<bool> YesOption() => new("--yes", "-y") { Description = "Do it without asking (needed where there is no terminal to ask on, e.g. in scripts)." };

    /// <summary>Returns when confirmed; otherwise throws: exit 2 without a terminal and without --yes, exit 1 when the answer is not <paramref name="typed"/>.</summary>
    public static void Require(CliContext context, bool yes, string what, string typed)
    {
        if (yes)
        {
            return;
        }

        var input = context.Host.Input
            ?? throw new CliException(ExitCodes.Usage, $"{what} cannot be undone: add --yes to confirm (there is no terminal to ask on)");
        context.Host.Error.Write($"{what} cannot be undone. Type '{typed}' to confirm: ");
        context.Host.Error.Flush();
        if (input.ReadLine()?.Trim() != typed)
        {
            throw new CliException(ExitCodes.Failure, "not confirmed; nothing was changed");
        }
    }
}
