using System.CommandLine;
using Eucaim.Cli.Config;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim profile add|list|use|remove</c>: named platforms in <c>profiles.json</c>.</summary>
internal static class ProfileCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("profile",
            "Named platforms (a local one, a real deployment…) and which one commands talk to.",
            "eucaim profile add local http://localhost:5080",
            "eucaim profile add production https://eucaim.example.org --use",
            "eucaim profile list");
        command.Subcommands.Add(Add(factory));
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Use(factory));
        command.Subcommands.Add(Remove(factory));
        return command;
    }

    private static Command Add(CommandFactory factory)
    {
        var name = new Argument<string>("name") { Description = "The profile's name: letters, digits, '-', '_', '.'." };
        var url = new Argument<string>("url") { Description = "The platform's URL." };
        var use = new Option<bool>("--use") { Description = "Use it from now on (the first profile added is used anyway)." };
        var command = factory.Create("add", "Add a named platform, or change the URL of one.",
            "eucaim profile add production https://eucaim.example.org --use");
        command.Arguments.Add(name);
        command.Arguments.Add(url);
        command.Options.Add(use);
        factory.Run(command, (context, parse, _) =>
        {
            var profile = ProfileStore.CheckName(parse.GetValue(name)!);
            var platform = PlatformTarget.Parse(parse.GetValue(url)!, "url");
            var file = context.Profiles.Load();
            file.Profiles[profile] = new Profile { Platform = platform.AbsoluteUri.TrimEnd('/') };
            if (parse.GetValue(use) || file.Current is null)
            {
                file.Current = profile;
            }

            context.Profiles.Save(file);
            context.Output.Line($"Profile '{profile}': {platform.AbsoluteUri.TrimEnd('/')}{(file.Current == profile ? " (in use)" : "")}.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var command = factory.Create("list", "List the profiles and the platform commands talk to now.", "eucaim profile list");
        factory.Run(command, (context, _, _) =>
        {
            var file = context.Profiles.Load();
            var target = context.Target;
            if (context.Output.Json)
            {
                context.Output.WriteJson(new
                {
                    current = file.Current,
                    target = new { platform = target.Display, source = target.Source },
                    profiles = file.Profiles.Select(p => new { name = p.Key, platform = p.Value.Platform, inUse = p.Key == file.Current }),
                });
                return Task.FromResult(ExitCodes.Ok);
            }

            var table = context.Output.Table("", "profile", "platform");
            foreach (var (name, profile) in file.Profiles)
            {
                Output.AddRow(table, name == file.Current ? "*" : "", name, profile.Platform);
            }

            if (file.Profiles.Count > 0)
            {
                context.Output.Console.Write(table);
            }

            context.Output.Line($"Commands talk to {target.Display} ({target.Source}).");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Use(CommandFactory factory)
    {
        var name = new Argument<string>("name") { Description = "The profile to use from now on." };
        var command = factory.Create("use", "Use a profile from now on.", "eucaim profile use production");
        command.Arguments.Add(name);
        factory.Run(command, (context, parse, _) =>
        {
            var file = context.Profiles.Load();
            var profile = Existing(file, parse.GetValue(name)!);
            file.Current = profile;
            context.Profiles.Save(file);
            context.Output.Line($"Using profile '{profile}': {file.Profiles[profile].Platform}.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Remove(CommandFactory factory)
    {
        var name = new Argument<string>("name") { Description = "The profile to remove." };
        var command = factory.Create("remove", "Remove a profile (its platform's cached tokens stay until `eucaim logout`).",
            "eucaim profile remove staging");
        command.Arguments.Add(name);
        factory.Run(command, (context, parse, _) =>
        {
            var file = context.Profiles.Load();
            var profile = Existing(file, parse.GetValue(name)!);
            file.Profiles.Remove(profile);
            if (file.Current == profile)
            {
                file.Current = null;
            }

            context.Profiles.Save(file);
            context.Output.Line($"Removed profile '{profile}'.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string Existing(ProfileFile file, string name) =>
        file.Profiles.ContainsKey(name) ? name : throw new CliException(ExitCodes.Usage, $"no profile '{name}'; see `eucaim profile list`");
}
