using System.CommandLine;
using System.Text.Json.Nodes;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim images list|add|remove</c>: the allow-list of images jobs may run (<c>/api/job-images</c>, docs/images.md).</summary>
internal static class ImagesCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("images", "The images jobs may run: everyone signed in reads the allow-list, admins change it.",
            "eucaim images list",
            "eucaim images add registry.example.org/eucaim-node/eucaim/sample-job:1.0 --digest sha256:<64 hex digits>",
            "eucaim images remove registry.example.org/eucaim-node/eucaim/sample-job:1.0");
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Add(factory));
        command.Subcommands.Add(Remove(factory));
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var command = factory.Create("list", "List the allow-listed images, with the digest each is pinned to.",
            "eucaim images list",
            "eucaim images list --json | jq -r '.[] | \"\\(.reference)@\\(.digest)\"'");
        factory.Run(command, async (context, _, cancellationToken) =>
            context.Output.Print(await context.GetSignedInAsync("api/job-images", cancellationToken), images =>
            {
                var table = context.Output.Table("reference", "digest", "description", "added").Unwrapped(0, 1);
                foreach (var image in images.Items())
                {
                    Output.AddRow(table, image.String("reference"), image.String("digest") ?? "(not pinned)", image.String("description"), JsonFields.When(image.Time("createdAt")));
                }

                context.Output.Console.Write(table);
                context.Output.Line(OutputViews.Count(images.Items().Count(), "image", "images"));
            }));
        return command;
    }

    private static Command Add(CommandFactory factory)
    {
        var reference = Reference();
        var digest = new Option<string?>("--digest") { Description = "Pin it: sha256:<64 hex digits>, as the push or `crane digest` prints it; jobs then run exactly that build." };
        var description = new Option<string?>("--description") { Description = "What the image is, shown to researchers." };
        var command = factory.Create("add", "Allow-list an image for jobs (admins only), pinned by digest where given.",
            "eucaim images add registry.example.org/eucaim-node/eucaim/sample-job:1.0 --digest sha256:<64 hex digits> --description \"The sample job\"");
        command.Arguments.Add(reference);
        command.Options.Add(digest);
        command.Options.Add(description);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var body = new JsonObject
            {
                ["reference"] = parse.GetValue(reference),
                ["digest"] = parse.GetValue(digest),
                ["description"] = parse.GetValue(description),
            };
            var answer = await context.SendSignedInAsync(HttpMethod.Post, "api/job-images", cancellationToken, body);
            var image = answer.Json ?? default;
            return context.Output.Print(image, _ =>
                context.Output.Line($"Allow-listed {image.String("reference")}{(image.String("digest") is { } d ? $" pinned to {d}" : " (not pinned to a digest)")}."));
        });
        return command;
    }

    private static Command Remove(CommandFactory factory)
    {
        var reference = Reference();
        var command = factory.Create("remove", "Take an image off the allow-list (admins only); queued jobs keep the digest they were given.",
            "eucaim images remove registry.example.org/eucaim-node/eucaim/sample-job:1.0");
        command.Arguments.Add(reference);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var image = parse.GetValue(reference)!;
            // The reference's '/' separate path segments of the route ({*reference}); each segment is escaped on its own.
            var path = "api/job-images/" + string.Join('/', image.Split('/').Select(SignedInRequests.Segment));
            await context.SendSignedInAsync(HttpMethod.Delete, path, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new { reference = image, removed = true });
            }
            else
            {
                context.Output.Line($"Removed {image} from the allow-list.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> Reference() => new("reference") { Description = "The image reference without digest, e.g. registry.example.org/team/model:1.2." };
}
