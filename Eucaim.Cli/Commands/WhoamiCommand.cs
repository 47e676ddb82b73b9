using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim whoami</c>: the platform's <c>GET /api/me</c>.</summary>
internal static class WhoamiCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("whoami",
            "Show who you are signed in as: subject, name, roles, organizations and tenants as the platform maps them.",
            "eucaim whoami",
            "eucaim whoami --json | jq -r .subject");
        factory.Run(command, async (context, _, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var me = await context.Api.GetJsonAsync("api/me", token, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(me);
                return ExitCodes.Ok;
            }

            var table = context.Output.Table("", "");
            table.HideHeaders();
            Output.AddRow(table, "platform", context.Target.Display);
            foreach (var (label, name) in new[] { ("subject", "subject"), ("name", "name"), ("email", "email"), ("issuer", "issuer") })
            {
                Output.AddRow(table, label, Text(me, name));
            }

            foreach (var (label, name) in new[] { ("roles", "roles"), ("organizations", "organizations"), ("tenants", "tenants") })
            {
                Output.AddRow(table, label, string.Join(", ", List(me, name)));
            }

            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"Rita Rossi &lt;rita@example.org&gt; (researcher)".</summary>
    public static string Describe(JsonElement me)
    {
        var name = Text(me, "name") ?? Text(me, "subject") ?? "?";
        var email = Text(me, "email") is { } e ? $" <{e}>" : "";
        var roles = List(me, "roles");
        return $"{name}{email}{(roles.Count > 0 ? $" ({string.Join(", ", roles)})" : "")}";
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> List(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? [.. v.EnumerateArray().Select(x => x.ToString())] : [];
}
