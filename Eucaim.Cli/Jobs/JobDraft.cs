using System.Text.Json.Nodes;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Jobs;

/// <summary>The body of <c>POST /api/jobs</c>: a job file if given, then the flags over it (a flag given wins; --env adds to the file's variables).</summary>
internal sealed record JobDraft(
    FileInfo? File,
    string? Tenant,
    string? Name,
    string? Image,
    string? Flavor,
    string[] Datasets,
    string[] Environment,
    string[] Command,
    string[] Arguments,
    int? MaxRuntimeMinutes,
    bool DryRun)
{
    public JsonObject ToJson()
    {
        var job = File is null ? [] : JobFile.Read(File);
        Set(job, "tenant", Tenant);
        Set(job, "name", Name);
        Set(job, "image", Image);
        Set(job, "flavor", Flavor);
        if (Datasets.Length > 0)
        {
            job["datasets"] = new JsonArray([.. Datasets.Select(d => (JsonNode?)JsonValue.Create(DatasetId(d)))]);
        }

        if (Command.Length > 0)
        {
            job["command"] = new JsonArray([.. Command.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        if (Arguments.Length > 0)
        {
            job["arguments"] = new JsonArray([.. Arguments.Select(a => (JsonNode?)JsonValue.Create(a))]);
        }

        if (Environment.Length > 0)
        {
            var variables = job["environment"] as JsonObject ?? [];
            foreach (var assignment in Environment)
            {
                var equals = assignment.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CliException(ExitCodes.Usage, $"--env: '{assignment}' is not NAME=value");
                }

                variables[assignment[..equals]] = assignment[(equals + 1)..];
            }

            job["environment"] = variables;
        }

        if (MaxRuntimeMinutes is { } minutes)
        {
            job["maxRuntimeMinutes"] = minutes;
        }

        if (DryRun)
        {
            job["dryRun"] = true;
        }

        return job;
    }

    private static void Set(JsonObject job, string key, string? value)
    {
        if (value is not null)
        {
            job[key] = value;
        }
    }

    private static string DatasetId(string value) =>
        Guid.TryParse(value, out var id) ? id.ToString() : throw new CliException(ExitCodes.Usage, $"--dataset: '{value}' is not a dataset id (a UUID, as `eucaim search` prints)");
}
