using System.CommandLine;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim tenants …</c>: the tenants API (docs/tenants.md). Members read their own tenant, its
/// quota and usage; admins see every tenant and create, change, suspend, resume and delete them.
/// </summary>
internal static class TenantsCommand
{
    private static readonly string[] UpdateFields = ["name", "lsLoginGroup", "quota", "allowedFlavors", "members"];

    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("tenants",
            "Tenants, the private bubbles where researchers run jobs: members read theirs, admins manage all.",
            "eucaim tenants list",
            "eucaim tenants show tenant-a",
            "eucaim tenants create tenant-c --name \"Tenant C\" --gpus 2 --cpu-cores 16 --memory-gib 128 --storage-gib 500 --concurrent-jobs 2 --max-job-runtime-minutes 1440 --flavor medium-gpu",
            "eucaim tenants update tenant-c --gpus 4 --add-member <subject>",
            "eucaim tenants suspend tenant-c",
            "eucaim tenants delete tenant-c --yes --wait");
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        command.Subcommands.Add(Quota(factory));
        command.Subcommands.Add(Usage(factory));
        command.Subcommands.Add(CreateTenant(factory));
        command.Subcommands.Add(Update(factory));
        command.Subcommands.Add(ChangeState(factory, "suspend", "Suspended",
            "Suspend a tenant: its compute quota becomes zero, so no job starts (admins only; running jobs are not stopped)."));
        command.Subcommands.Add(ChangeState(factory, "resume", "Resumed", "Resume a suspended tenant: its quota is restored (admins only)."));
        command.Subcommands.Add(Delete(factory));
        command.Subcommands.Add(Events(factory));
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var command = factory.Create("list", "List the tenants you may see: every tenant for admins, your own for members.",
            "eucaim tenants list",
            "eucaim tenants list --json | jq -r '.[] | select(.state == \"suspended\") | .slug'");
        factory.Run(command, async (context, _, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync("api/tenants", cancellationToken), tenants => TenantViews.Table(context.Output, tenants)));
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var slug = Slug();
        var command = factory.Create("show", "Show a tenant: its desired state, quota, members (admins) and provisioning conditions.",
            "eucaim tenants show tenant-a",
            "eucaim tenants show tenant-a --json > tenant-a.json");
        command.Arguments.Add(slug);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync(Path(parse, slug), cancellationToken), tenant => TenantViews.Details(context.Output, tenant)));
        return command;
    }

    private static Command Quota(CommandFactory factory)
    {
        var slug = Slug();
        var command = factory.Create("quota", "Show a tenant's quota: GPUs, CPU cores, memory, storage, scratch, concurrent jobs, longest runtime.",
            "eucaim tenants quota tenant-a",
            "eucaim tenants quota tenant-a --json | jq .gpus");
        command.Arguments.Add(slug);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync($"{Path(parse, slug)}/quota", cancellationToken), quota => TenantViews.Quota(context.Output, quota)));
        return command;
    }

    private static Command Usage(CommandFactory factory)
    {
        var slug = Slug();
        var command = factory.Create("usage", "Show what a tenant stores (homes and outputs) against its storage quota.",
            "eucaim tenants usage tenant-a");
        command.Arguments.Add(slug);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync($"{Path(parse, slug)}/usage", cancellationToken), usage => TenantViews.Usage(context.Output, usage)));
        return command;
    }

    private static Command CreateTenant(CommandFactory factory)
    {
        var slug = new Argument<string?>("slug")
        {
            Description = "The tenant's slug, a DNS label such as tenant-c (or \"slug\" in --file); it never changes.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var file = RequestFile.Option("A JSON or YAML file with the tenant (fields as in docs/tenants.md); options given as well override its fields.");
        var flags = TenantFlags.Fields();
        var command = factory.Create("create", "Create a tenant (admins only), from options or a JSON/YAML file; it is provisioned at once.",
            "eucaim tenants create tenant-c --name \"Tenant C\" --gpus 2 --cpu-cores 16 --memory-gib 128 --storage-gib 500 --concurrent-jobs 2 --max-job-runtime-minutes 1440 --flavor medium-gpu",
            "eucaim tenants create --file tenant-c.yaml",
            "eucaim tenants create tenant-d --file tenant-c.yaml --name \"Tenant D\"");
        command.Arguments.Add(slug);
        command.Options.Add(file);
        flags.AddTo(command);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = parse.GetValue(file) is { } f ? RequestFile.Read(f) : [];
            if (parse.GetValue(slug) is { } given)
            {
                body["slug"] = given;
            }

            flags.Apply(parse, body);
            var answer = await context.SendSignedInAsync(HttpMethod.Post, "api/tenants", cancellationToken, body);
            return TenantViews.Changed(context.Output, answer, "Created");
        });
        return command;
    }

    private static Command Update(CommandFactory factory)
    {
        var slug = Slug();
        var file = RequestFile.Option("A JSON or YAML file merged into the tenant's current state (RFC 7396: fields it names replace the current ones; `tenants show --json` gives a starting point).");
        var flags = TenantFlags.Fields().ListEdit("--add-flavor", "--remove-flavor", "allowedFlavors", "an allowed flavor")
            .ListEdit("--add-member", "--remove-member", "members", "an explicit member, by subject (`eucaim users list`)");
        var command = factory.Create("update",
            "Change a tenant (admins only): what the options or the file name changes, the rest stays as the platform has it.",
            "eucaim tenants update tenant-c --gpus 4 --concurrent-jobs 4",
            "eucaim tenants update tenant-c --add-member d0463ce65d4d9df61527404e7d243b9618d10465@lifescience-ri.eu",
            "eucaim tenants update tenant-c --add-flavor large-gpu --remove-flavor medium-gpu",
            "eucaim tenants update tenant-c --file changes.yaml");
        command.Arguments.Add(slug);
        command.Options.Add(file);
        flags.AddTo(command);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var patch = parse.GetValue(file) is { } f ? RequestFile.Read(f) : null;
            if (patch is null && !flags.AnyGiven(parse))
            {
                throw new CliException(ExitCodes.Usage, "nothing to change: give --file or an option such as --gpus (see `eucaim tenants update --help`)");
            }

            // The API replaces the whole desired state, so the tool starts from the current one.
            var body = MergePatch.Pick(await context.GetSignedInAsync(Path(parse, slug), cancellationToken), UpdateFields);
            if (patch is not null)
            {
                MergePatch.Apply(body, patch);
            }

            flags.Apply(parse, body);
            var answer = await context.SendSignedInAsync(HttpMethod.Put, Path(parse, slug), cancellationToken, body);
            return TenantViews.Changed(context.Output, answer, "Updated");
        });
        return command;
    }

    private static Command ChangeState(CommandFactory factory, string action, string done, string description)
    {
        var slug = Slug();
        var command = factory.Create(action, description, $"eucaim tenants {action} tenant-c");
        command.Arguments.Add(slug);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var answer = await context.SendSignedInAsync(HttpMethod.Post, $"{Path(parse, slug)}/{action}", cancellationToken);
            return TenantViews.Changed(context.Output, answer, done);
        });
        return command;
    }

    private static Command Delete(CommandFactory factory)
    {
        var slug = Slug();
        var yes = Confirmation.YesOption();
        var wait = new Option<bool>("--wait") { Description = "Wait until the tenant is gone (its jobs stopped, its namespace or sandbox removed)." };
        var command = factory.Create("delete",
            "Delete a tenant (admins only): its jobs are stopped, its namespace or sandbox removed, then the tenant. Asks first, or give --yes.",
            "eucaim tenants delete tenant-c",
            "eucaim tenants delete tenant-c --yes --wait");
        command.Arguments.Add(slug);
        command.Options.Add(yes);
        command.Options.Add(wait);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var tenant = parse.GetValue(slug)!;
            Confirmation.Require(context, parse.GetValue(yes), $"Deleting tenant {tenant} (its jobs, its namespace or sandbox)", tenant);
            var answer = await context.SendSignedInAsync(HttpMethod.Delete, Path(parse, slug), cancellationToken);
            if (!parse.GetValue(wait))
            {
                return TenantViews.Changed(context.Output, answer, "Deleting");
            }

            context.Host.Error.WriteLine($"Deleting tenant {tenant}; waiting until it is gone (Ctrl+C stops waiting, not the deletion)…");
            await WaitUntilGoneAsync(context, Path(parse, slug), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { slug = tenant, state = "deleted" });
            }
            else
            {
                context.Output.Line($"Deleted tenant {tenant}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Events(CommandFactory factory)
    {
        var slug = Slug();
        var command = factory.Create("events", "What happened to a tenant, oldest first: admin actions and provisioning (admins only).",
            "eucaim tenants events tenant-a",
            "eucaim tenants events tenant-a --json | jq -r '.[] | \"\\(.at) \\(.action)\"'");
        command.Arguments.Add(slug);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync($"{Path(parse, slug)}/events", cancellationToken), events => TenantViews.Events(context.Output, events)));
        return command;
    }

    private static async Task WaitUntilGoneAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await context.GetSignedInAsync(path, cancellationToken);
            }
            catch (CliException e) when (e.HttpStatus == 404)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), context.Host.Time, cancellationToken);
        }
    }

    private static Argument<string> Slug() => new("slug") { Description = "The tenant's slug (or id)." };

    private static string Path(ParseResult parse, Argument<string> slug) => $"api/tenants/{SignedInRequests.Segment(parse.GetValue(slug)!)}";
}
