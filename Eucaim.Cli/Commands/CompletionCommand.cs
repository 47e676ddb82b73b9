using System.CommandLine;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim completion bash|zsh</c>: a script that asks the tool itself what may come next, through
/// System.CommandLine's <c>[suggest:position]</c> directive, so completion always matches this version.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # eucaim completion for bash: add `source <(eucaim completion bash)` to ~/.bashrc
        _eucaim_completions() {
            local IFS=$'\n'
            COMPREPLY=($(eucaim "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null))
        }
        complete -o default -F _eucaim_completions eucaim
        """;

    private const string Zsh = """
        # eucaim completion for zsh: add `source <(eucaim completion zsh)` to ~/.zshrc (after compinit)
        _eucaim() {
            local -a completions
            completions=("${(@f)$(eucaim "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a completions
        }
        compdef _eucaim eucaim
        """;

    public static Command Create(CommandFactory factory)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = factory.Create("completion", "Print the shell completion script for bash or zsh.",
            "source <(eucaim completion bash)      # in ~/.bashrc",
            "source <(eucaim completion zsh)       # in ~/.zshrc, after compinit");
        command.Arguments.Add(shell);
        factory.Run(command, (context, parse, _) =>
        {
            context.Output.Line(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
