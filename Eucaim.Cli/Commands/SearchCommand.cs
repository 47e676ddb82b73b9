using System.CommandLine;
using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary><c>eucaim search</c>: the public catalogue (<c>GET /api/datasets</c>, docs/catalogue.md), anonymously.</summary>
internal static class SearchCommand
{
    public static Command Create(CommandFactory factory)
    {
        var text = new Argument<string?>("text")
        {
            Description = "Free text (web-search syntax: \"quoted phrase\", OR, -not).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        // Each filter may be repeated: OR within a filter, AND between filters.
        var filters = new (Option<string[]> Option, string Parameter)[]
        {
            (Filter("--modality", "A DICOM modality code: CT, MR, PT, MG, SM, US, DX, NM…"), "modality"),
            (Filter("--cancer-type", "A cancer type, e.g. \"prostate cancer\"."), "cancerType"),
            (Filter("--body-part", "A body part, e.g. lung."), "bodyPart"),
            (Filter("--tier", "A tier: 1, 2, 3 or a sub-level such as 3C+."), "tier"),
            (Filter("--sharing-mode", "central-repository or federated-node."), "sharingMode"),
            (Filter("--sex", "male, female, mixed or unspecified."), "sex"),
            (Filter("--organization", "An organization's key."), "organization"),
        };
        var sort = new Option<string?>("--sort") { Description = "relevance (with text), name, subjects or published." };
        var pageSize = new Option<int?>("--page-size") { Description = "Datasets per page, 1 to 100 (default 20)." };
        var pageToken = new Option<string?>("--page-token") { Description = "The next page, as printed after the previous one." };
        var facets = new Option<bool>("--facets") { Description = "Also print how many datasets each filter value would give." };

        var command = factory.Create("search",
            "Search the public catalogue of datasets (no sign-in needed). Filters may be repeated.",
            "eucaim search",
            "eucaim search \"prostate mri\" --modality MR --modality PT --tier 3",
            "eucaim search --cancer-type \"lung cancer\" --facets",
            "eucaim search lung --json | jq -r '.items[].id'");
        command.Arguments.Add(text);
        foreach (var (option, _) in filters)
        {
            command.Options.Add(option);
        }

        command.Options.Add(sort);
        command.Options.Add(pageSize);
        command.Options.Add(pageToken);
        command.Options.Add(facets);

        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var query = new List<KeyValuePair<string, string>>();
            if (parse.GetValue(text) is { Length: > 0 } q)
            {
                query.Add(new("q", q));
            }

            foreach (var (option, parameter) in filters)
            {
                query.AddRange((parse.GetValue(option) ?? []).Select(v => new KeyValuePair<string, string>(parameter, v)));
            }

            if (parse.GetValue(sort) is { } s)
            {
                query.Add(new("sort", s));
            }

            if (parse.GetValue(pageSize) is { } size)
            {
                query.Add(new("pageSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (parse.GetValue(pageToken) is { } token)
            {
                query.Add(new("pageToken", token));
            }

            var queryString = query.Count == 0 ? "" : "?" + await new FormUrlEncodedContent(query).ReadAsStringAsync(cancellationToken);
            var page = await context.Api.GetJsonAsync($"api/datasets{queryString}", accessToken: null, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(page);
                return ExitCodes.Ok;
            }

            Print(context.Output, page, parse.GetValue(facets));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string[]> Filter(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static void Print(Output output, JsonElement page, bool withFacets)
    {
        var items = page.GetProperty("items");
        var table = output.Table("name", "organization", "cancer type", "modalities", "tier", "sharing", "subjects", "id");
        foreach (var item in items.EnumerateArray())
        {
            Output.AddRow(table,
                Text(item, "name"),
                Text(item, "organization"),
                Text(item, "cancerType"),
                string.Join(", ", item.GetProperty("modalities").EnumerateArray().Select(m => m.GetString())),
                Text(item, "tier"),
                Text(item, "sharingMode"),
                item.TryGetProperty("subjects", out var subjects) && subjects.ValueKind == JsonValueKind.Number ? subjects.ToString() : "",
                Text(item, "id"));
        }

        output.Console.Write(table);
        var total = page.GetProperty("total").GetInt32();
        output.Line($"{items.GetArrayLength()} of {total} datasets.");
        if (Text(page, "nextPageToken") is { } next)
        {
            output.Line($"Next page: add --page-token {next}");
        }

        if (withFacets && page.TryGetProperty("facets", out var facets))
        {
            var facetTable = output.Table("filter", "value", "datasets");
            foreach (var facet in facets.EnumerateObject())
            {
                foreach (var value in facet.Value.EnumerateArray())
                {
                    Output.AddRow(facetTable, facet.Name, Text(value, "value"), value.GetProperty("count").ToString());
                }
            }

            output.Console.Write(facetTable);
        }
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String ? v.GetString() : null;
}
