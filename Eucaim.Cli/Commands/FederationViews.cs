using System.Globalization;
using System.Text.Json;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>How the federation API's documents (FederatedCountsResponse, FederatedNodeResponse) are shown to people.</summary>
internal static class FederationViews
{
    /// <summary>The filters in the order the request takes them, with the names the options have.</summary>
    private static readonly (string Field, string Option)[] FilterNames =
    [
        ("sex", "sex"), ("ageMin", "age-min"), ("ageMax", "age-max"), ("cancerType", "cancer-type"), ("modality", "modality"),
        ("bodyPart", "body-part"), ("manufacturer", "manufacturer"), ("tier", "tier"),
    ];

    /// <summary>
    /// A search: the nodes asked and how each made its counts private, the counts per dataset as the
    /// hub displays them ("&lt; 10" for a suppressed cell), the totals, and last a PARTIAL line when a
    /// node did not answer in time, so that an incomplete sum is never read as the whole.
    /// </summary>
    public static void Counts(Output output, JsonElement search)
    {
        output.Line($"Query {search.String("queryId")}, asked {JsonFields.When(search.Time("askedAt"))}; {Filters(search.Object("filters"))}.");
        var nodes = search.Items("nodes").ToList();
        if (nodes.Count == 0)
        {
            output.Line("No active node serves a federated dataset that matches: nobody was asked.");
        }
        else
        {
            var nodeTable = output.Table("node", "organisation", "status", "answered after", "privacy").Unwrapped(0);
            foreach (var node in nodes)
            {
                Output.AddRow(nodeTable, node.String("node"), node.String("organisation"), node.String("status"), AnsweredAfter(node.Long("answeredAfter")),
                    Privacy(node.Object("privacy")));
            }

            output.Console.Write(nodeTable);
            var datasetTable = output.Table("node", "dataset", "subjects", "studies", "series", "dataset id").Unwrapped(0, 5);
            var rows = 0;
            foreach (var node in nodes)
            {
                foreach (var dataset in node.Items("datasets"))
                {
                    Output.AddRow(datasetTable, node.String("node"), dataset.String("title"), Shown(dataset, "subjects"), Shown(dataset, "studies"),
                        Shown(dataset, "series"), dataset.String("datasetId"));
                    rows++;
                }
            }

            if (rows > 0)
            {
                output.Console.Write(datasetTable);
            }

            var totals = search.Object("totals");
            output.Line($"Totals: subjects {Shown(totals, "subjects")}; studies {Shown(totals, "studies")}; series {Shown(totals, "series")}"
                + " (suppressed cells are not in the sums).");
        }

        if (!search.Bool("complete"))
        {
            output.Line($"PARTIAL: {search.String("note") ?? "not every node asked has answered."} "
                + $"Read it again later for answers that come late: eucaim federation counts show {search.String("queryId")}");
        }
    }

    public static void NodeTable(Output output, JsonElement nodes)
    {
        var table = output.Table("id", "organisation", "state", "datasets", "fingerprint", "last seen").Unwrapped(0, 4);
        foreach (var node in nodes.Items())
        {
            Output.AddRow(table, node.String("id"), node.String("organisation"), node.String("state"),
                JsonFields.Number(node.Items("datasets").Count()), node.String("fingerprint"), LastSeen(node));
        }

        output.Console.Write(table);
        output.Line(OutputViews.Count(nodes.Items().Count(), "node", "nodes"));
    }

    public static void NodeDetails(Output output, JsonElement node) => output.Record(
        ("id", node.String("id")),
        ("organisation", node.String("organisation")),
        ("state", node.String("state")),
        ("fingerprint", node.String("fingerprint")),
        ("datasets", string.Join("\n", node.Strings("datasets"))),
        ("registered", $"{JsonFields.When(node.Time("registeredAt"))} by {node.String("registeredBy")}"),
        ("revoked", node.String("revokedBy") is { } by ? $"{JsonFields.When(node.Time("revokedAt"))} by {by}" : ""),
        ("last seen", LastSeen(node)));

    /// <summary>After a write: the node as the API answered (<c>--json</c>), or one line.</summary>
    public static int NodeChanged(Output output, ApiAnswer answer, string verb)
    {
        var node = answer.Json ?? default;
        if (output.Json)
        {
            output.WriteJson(node);
            return ExitCodes.Ok;
        }

        output.Line($"{verb} node {node.String("id")} ({node.String("organisation")}): {node.String("state")}, "
            + $"{OutputViews.Count(node.Items("datasets").Count(), "dataset", "datasets").TrimEnd('.')}, key fingerprint {node.String("fingerprint")}.");
        return ExitCodes.Ok;
    }

    /// <summary>The hub's own text of a count: the value, or "&lt; 10" when suppressed; totals say how many cells were.</summary>
    private static string Shown(JsonElement counts, string name) => counts.Object(name).String("display") ?? "";

    private static string Filters(JsonElement filters)
    {
        var given = FilterNames
            .Select(f => (f.Option, Value: filters.String(f.Field) ?? filters.Number(f.Field)))
            .Where(f => f.Value.Length > 0)
            .Select(f => $"--{f.Option} {f.Value}")
            .ToList();
        var datasets = filters.Items("datasets").Count();
        if (datasets > 0)
        {
            given.Add(OutputViews.Count(datasets, "dataset", "datasets").TrimEnd('.'));
        }

        return given.Count == 0 ? "no filters" : $"filters {string.Join(", ", given)}";
    }

    /// <summary>The node's privacy policy in words, e.g. "Laplace noise (ε 1, at most ±3); counts below 10 suppressed".</summary>
    private static string Privacy(JsonElement privacy)
    {
        if (privacy.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var mechanism = privacy.String("mechanism") is { Length: > 0 } m ? char.ToUpperInvariant(m[0]) + m[1..] : "";
        return $"{mechanism} noise (ε {privacy.Number("epsilon")}, at most ±{privacy.Number("maxNoise")}); counts below {privacy.Number("smallCellThreshold")} suppressed";
    }

    private static string AnsweredAfter(long? milliseconds) => milliseconds switch
    {
        null => "",
        < 1000 => $"{milliseconds} ms",
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000.0:0.0} s"),
    };

    private static string LastSeen(JsonElement node) => node.Time("lastSeenAt") is { } seen ? JsonFields.When(seen) : "never";
}
