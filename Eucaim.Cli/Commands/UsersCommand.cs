using System.CommandLine;
using System.Globalization;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim users list</c>: the people who have signed in (<c>GET /api/users</c>, admins only, docs/identity.md).</summary>
internal static class UsersCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("users", "The people who have signed in to the platform (admins only).",
            "eucaim users list",
            "eucaim users list --json | jq -r '.[] | select(.email == \"rita@example.org\") | .subject'");
        command.Subcommands.Add(List(factory));
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var limit = new Option<int?>("--limit") { Description = "At most this many, most recently seen first: 1 to 1000 (default 100)." };
        var command = factory.Create("list",
            "List the people who have signed in, most recently seen first, with the subject that tenants' members and grants name (admins only).",
            "eucaim users list",
            "eucaim users list --limit 1000 --json");
        command.Options.Add(limit);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var query = parse.GetValue(limit) is { } n ? $"?limit={n.ToString(CultureInfo.InvariantCulture)}" : "";
            return context.Output.Print(await context.GetSignedInAsync($"api/users{query}", cancellationToken), users =>
            {
                var table = context.Output.Table("name", "email", "subject", "last seen", "first seen", "issuer").Unwrapped(1, 2);
                foreach (var user in users.Items())
                {
                    Output.AddRow(table, user.String("name"), user.String("email"), user.String("subject"), JsonFields.When(user.Time("lastSeenAt")), JsonFields.When(user.Time("firstSeenAt")),
                        user.String("issuer"));
                }

                context.Output.Console.Write(table);
                context.Output.Line(OutputViews.Count(users.Items().Count(), "person", "people"));
            });
        });
        return command;
    }
}
