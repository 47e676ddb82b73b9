using System.CommandLine;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim node …</c>: the commands of a hospital's federated node, against the node's own Api (<c>--platform</c> or a
/// profile naming it, not the hub): its data holders' say on the runs the hub sent (<see cref="NodeRunsCommand"/>).
/// </summary>
internal static class NodeCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("node",
            "At a hospital's federated node (its own Api: --platform <node url>): the data holders approve or refuse the runs the hub sent, and release or withhold their results.",
            "eucaim --platform http://localhost:5282 node runs list --state awaiting-approval",
            "eucaim --platform http://localhost:5282 node runs approve 3f9a…",
            "eucaim --platform http://localhost:5282 node runs release 3f9a…");
        command.Subcommands.Add(NodeRunsCommand.Create(factory));
        return command;
    }
}
