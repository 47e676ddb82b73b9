using System.CommandLine;
using System.Text.Json;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim flavors …</c>: the compute sizes jobs ask for (docs/tenants.md#flavors). Everyone signed in reads them; admins manage them.</summary>
internal static class FlavorsCommand
{
    private static readonly string[] RequestFields =
    [
        "name", "description", "cpuMillicores", "memoryMib", "gpuCount", "gpuType", "nodeSelector", "tolerations",
        "maxRuntimeMinutes", "ephemeralStorageGib", "sharedMemoryMib", "runtimeClassName",
    ];

    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("flavors", "Flavors, the compute sizes jobs ask for: everyone signed in reads them, admins manage them.",
            "eucaim flavors list",
            "eucaim flavors create small-cpu --cpu-millicores 2000 --memory-mib 8192 --max-runtime-minutes 240",
            "eucaim flavors update small-cpu --memory-mib 16384",
            "eucaim flavors delete small-cpu");
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        command.Subcommands.Add(CreateFlavor(factory));
        command.Subcommands.Add(Update(factory));
        command.Subcommands.Add(Delete(factory));
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var command = factory.Create("list", "List every flavor, by name.",
            "eucaim flavors list",
            "eucaim flavors list --json | jq -r '.[] | select(.gpuCount > 0) | .name'");
        factory.Run(command, async (context, _, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync("api/flavors", cancellationToken), flavors => Table(context.Output, flavors)));
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var name = Name();
        var command = factory.Create("show", "Show one flavor: what a job of it gets (CPU, memory, GPUs, scratch, shared memory, placement).",
            "eucaim flavors show medium-gpu",
            "eucaim flavors show medium-gpu --json > medium-gpu.json");
        command.Arguments.Add(name);
        factory.Run(command, async (context, parse, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync(Path(parse, name), cancellationToken), flavor => Details(context.Output, flavor)));
        return command;
    }

    private static Command CreateFlavor(CommandFactory factory)
    {
        var name = new Argument<string?>("name") { Description = "The flavor's name, e.g. medium-gpu (or \"name\" in --file); it never changes.", Arity = ArgumentArity.ZeroOrOne };
        var file = RequestFile.Option("A JSON or YAML file with the flavor (fields as in docs/tenants.md#flavors); options given as well override its fields.");
        var flags = Fields();
        var command = factory.Create("create", "Add a flavor (admins only), from options or a JSON/YAML file.",
            "eucaim flavors create small-cpu --cpu-millicores 2000 --memory-mib 8192 --max-runtime-minutes 240",
            "eucaim flavors create medium-gpu --description \"1 x A100\" --cpu-millicores 8000 --memory-mib 65536 --gpus 1 --gpu-type NVIDIA-A100-SXM4-80GB --ephemeral-storage-gib 100 --node-selector nvidia.com/gpu.present=true --toleration nvidia.com/gpu:NoSchedule --max-runtime-minutes 1440",
            "eucaim flavors create --file medium-gpu.yaml");
        command.Arguments.Add(name);
        command.Options.Add(file);
        flags.AddTo(command);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = parse.GetValue(file) is { } f ? RequestFile.Read(f) : [];
            if (parse.GetValue(name) is { } given)
            {
                body["name"] = given;
            }

            flags.Apply(parse, body);
            var answer = await context.SendSignedInAsync(HttpMethod.Post, "api/flavors", cancellationToken, body);
            return Changed(context.Output, answer, "Created");
        });
        return command;
    }

    private static Command Update(CommandFactory factory)
    {
        var name = Name();
        var file = RequestFile.Option("A JSON or YAML file merged into the flavor's current values (RFC 7396: fields it names replace the current ones).");
        var flags = Fields();
        var command = factory.Create("update",
            "Change a flavor (admins only): what the options or the file name changes, the rest stays. Running jobs are counted at the new size.",
            "eucaim flavors update medium-gpu --memory-mib 98304 --shared-memory-mib 16384",
            "eucaim flavors update medium-gpu --file changes.yaml");
        command.Arguments.Add(name);
        command.Options.Add(file);
        flags.AddTo(command);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var patch = parse.GetValue(file) is { } f ? RequestFile.Read(f) : null;
            if (patch is null && !flags.AnyGiven(parse))
            {
                throw new CliException(ExitCodes.Usage, "nothing to change: give --file or an option such as --memory-mib (see `eucaim flavors update --help`)");
            }

            // The API replaces the whole flavor, so the tool starts from its current values.
            var body = MergePatch.Pick(await context.GetSignedInAsync(Path(parse, name), cancellationToken), RequestFields);
            if (patch is not null)
            {
                MergePatch.Apply(body, patch);
            }

            flags.Apply(parse, body);
            var answer = await context.SendSignedInAsync(HttpMethod.Put, Path(parse, name), cancellationToken, body);
            return Changed(context.Output, answer, "Updated");
        });
        return command;
    }

    private static Command Delete(CommandFactory factory)
    {
        var name = Name();
        var command = factory.Create("delete", "Remove a flavor (admins only); one a tenant still allows is refused (409): update the tenant first.",
            "eucaim flavors delete small-cpu");
        command.Arguments.Add(name);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var flavor = parse.GetValue(name)!;
            await context.SendSignedInAsync(HttpMethod.Delete, Path(parse, name), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { name = flavor, deleted = true });
            }
            else
            {
                context.Output.Line($"Deleted flavor {flavor}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static BodyFlags Fields() => new BodyFlags()
        .Text("--description", "description", "What the flavor is for, shown to researchers; \"\" for none.")
        .Int("--cpu-millicores", "cpuMillicores", "The job container's CPU in millicores (8000 = 8 cores), request equal to limit.")
        .Int("--memory-mib", "memoryMib", "The job container's memory in MiB, request equal to limit.")
        .Int("--gpus", "gpuCount", "GPUs of the job container (0: a CPU flavor).")
        .Text("--gpu-type", "gpuType", "The GPU model as the nodes' nvidia.com/gpu.product label says it, e.g. NVIDIA-A100-SXM4-80GB (needed with --gpus).")
        .List("--node-selector", "nodeSelector", "Extra placement, key=value (repeat for more; replaces the list).")
        .List("--toleration", "tolerations", "A toleration in kubectl taint syntax key[=value]:Effect (repeat for more; replaces the list).")
        .Int("--max-runtime-minutes", "maxRuntimeMinutes", "The longest runtime a job of this flavor may ask for, in minutes.")
        .Int("--ephemeral-storage-gib", "ephemeralStorageGib", "Node scratch for /data, /output and /tmp, in GiB (default 20).")
        .Int("--shared-memory-mib", "sharedMemoryMib", "The size of /dev/shm in MiB (0: a quarter of the memory, at most 16 GiB).")
        .Text("--runtime-class", "runtimeClassName", "The pod's RuntimeClass (\"\": nvidia for GPU flavors, none for CPU flavors).");

    private static void Table(Output output, JsonElement flavors)
    {
        var table = output.Table("name", "CPU cores", "memory", "GPUs", "scratch GiB", "longest job", "description").Unwrapped(0);
        foreach (var flavor in flavors.Items())
        {
            Output.AddRow(table, flavor.String("name"), Cores(flavor), Memory(flavor), Gpus(flavor), flavor.Number("ephemeralStorageGib"),
                $"{flavor.Number("maxRuntimeMinutes")} min", flavor.String("description"));
        }

        output.Console.Write(table);
        output.Line(OutputViews.Count(flavors.Items().Count(), "flavor", "flavors"));
    }

    private static void Details(Output output, JsonElement flavor) => output.Record(
        ("name", flavor.String("name")),
        ("description", flavor.String("description")),
        ("CPU cores", Cores(flavor)),
        ("memory", Memory(flavor)),
        ("GPUs", Gpus(flavor)),
        ("scratch", $"{flavor.Number("ephemeralStorageGib")} GiB"),
        ("shared memory", flavor.Long("sharedMemoryMib") is > 0 and var shm ? OutputViews.Bytes(shm * 1024 * 1024) : "default (a quarter of the memory, at most 16 GiB)"),
        ("runtime class", flavor.String("runtimeClassName") ?? "default"),
        ("node selector", string.Join(", ", flavor.Strings("nodeSelector"))),
        ("tolerations", string.Join(", ", flavor.Strings("tolerations"))),
        ("longest job", $"{flavor.Number("maxRuntimeMinutes")} min"));

    private static int Changed(Output output, ApiAnswer answer, string verb)
    {
        var flavor = answer.Json ?? default;
        if (output.Json)
        {
            output.WriteJson(flavor);
            return ExitCodes.Ok;
        }

        output.Line($"{verb} flavor {flavor.String("name")}: {Cores(flavor)} CPU cores, {Memory(flavor)}, GPUs {Gpus(flavor)}.");
        return ExitCodes.Ok;
    }

    private static string Cores(JsonElement flavor) => flavor.Long("cpuMillicores") is { } m ? OutputViews.Cores(m) : "";

    private static string Memory(JsonElement flavor) => flavor.Long("memoryMib") is { } mib ? OutputViews.Bytes(mib * 1024 * 1024) : "";

    private static string Gpus(JsonElement flavor) =>
        flavor.String("gpuType") is { } type && flavor.Long("gpuCount") is > 0 ? $"{flavor.Number("gpuCount")} × {type}" : flavor.Number("gpuCount");

    private static Argument<string> Name() => new("name") { Description = "The flavor's name." };

    private static string Path(ParseResult parse, Argument<string> name) => $"api/flavors/{SignedInRequests.Segment(parse.GetValue(name)!)}";
}
