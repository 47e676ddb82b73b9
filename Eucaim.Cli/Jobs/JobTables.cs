using System.Text.Json;
using Eucaim.Cli.Platform;
using Spectre.Console;

namespace Eucaim.Cli.Jobs;

/// <summary>Jobs, dry-run plans and refusals as tables for people.</summary>
internal static class JobTables
{
    public static void List(Output output, JsonElement jobs)
    {
        var table = output.Table("name", "tenant", "status", "exit", "flavor", "submitted", "finished", "id");
        foreach (var job in jobs.Items())
        {
            Output.AddRow(table, job.String("name"), job.String("tenant"), Status(job), JsonFields.Number(job.Int("exitCode")), job.String("flavor"),
                JsonFields.When(job.Time("submittedAt")), JsonFields.When(job.Time("finishedAt")), job.String("id"));
        }

        output.Console.Write(table);
        output.Line($"{jobs.GetArrayLength()} job(s).");
    }

    public static void Show(Output output, JsonElement job)
    {
        var table = output.Table("", "");
        table.HideHeaders();
        Output.AddRow(table, "id", job.String("id"));
        Output.AddRow(table, "name", job.String("name"));
        Output.AddRow(table, "tenant", job.String("tenant"));
        Output.AddRow(table, "status", Status(job));
        Output.AddRow(table, "exit code", JsonFields.Number(job.Int("exitCode")));
        Output.AddRow(table, "image", Image(job));
        Output.AddRow(table, "command", string.Join(" ", job.Items("command").Concat(job.Items("arguments")).Select(a => a.ToString())));
        Output.AddRow(table, "flavor", $"{job.String("flavor")} ({JsonFields.Number(job.Int("gpus"))} GPU), at most {JsonFields.Number(job.Int("maxRuntimeMinutes"))} min");
        foreach (var dataset in job.Items("datasets"))
        {
            Output.AddRow(table, "dataset", $"{dataset.String("datasetId")} v{JsonFields.Number(dataset.Int("version"))} at {dataset.String("mountPath")} (${dataset.String("pathVariable")})");
        }

        if (job.TryGetProperty("environment", out var environment) && environment.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in environment.EnumerateObject())
            {
                Output.AddRow(table, "environment", $"{variable.Name}={variable.Value}");
            }
        }

        Output.AddRow(table, "submitted", $"{JsonFields.When(job.Time("submittedAt"))} by {job.String("submittedBy")}");
        Output.AddRow(table, "running since", JsonFields.When(job.Time("runningAt")));
        Output.AddRow(table, "finished", JsonFields.When(job.Time("finishedAt")));
        Output.AddRow(table, "outputs", $"{JsonFields.Number(job.Int("outputFileCount"))} file(s){(job.Bool("logsArchived") ? "; log archived" : "")}");
        output.Console.Write(table);
    }

    /// <summary>What a dry run resolved: versions, mounts, the variables the job will see, and where it would queue.</summary>
    public static void Plan(Output output, JsonElement plan)
    {
        var table = output.Table("", "");
        table.HideHeaders();
        Output.AddRow(table, "valid", plan.Bool("valid") ? "yes: nothing was submitted (dry run)" : "no");
        Output.AddRow(table, "tenant", plan.String("tenant"));
        Output.AddRow(table, "name", plan.String("name"));
        Output.AddRow(table, "image", Image(plan));
        Output.AddRow(table, "flavor", $"{plan.String("flavor")} ({JsonFields.Number(plan.Int("gpus"))} GPU), at most {JsonFields.Number(plan.Int("maxRuntimeMinutes"))} min");
        Output.AddRow(table, "queue", $"position {JsonFields.Number(plan.Int("position"))}, estimated start {JsonFields.When(plan.Time("estimatedStartAt"))}");
        output.Console.Write(table);

        var datasets = output.Table("dataset", "version", "mount", "variable");
        foreach (var dataset in plan.Items("datasets"))
        {
            Output.AddRow(datasets, dataset.String("datasetId"), JsonFields.Number(dataset.Int("version")), dataset.String("mountPath"), dataset.String("pathVariable"));
        }

        output.Console.Write(datasets);
        if (plan.TryGetProperty("platformEnvironment", out var environment) && environment.ValueKind == JsonValueKind.Object)
        {
            var variables = output.Table("variable the job sees", "value");
            foreach (var variable in environment.EnumerateObject().OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                Output.AddRow(variables, variable.Name, variable.Value.ToString());
            }

            output.Console.Write(variables);
        }
    }

    /// <summary>Every rule a submission broke, as the API explains them (its problem document's <c>refusals</c>).</summary>
    public static bool Refusals(Output output, JsonElement problem)
    {
        var refusals = problem.Items("refusals").ToList();
        if (refusals.Count == 0)
        {
            return false;
        }

        var table = output.Table("field", "rule", "status", "why");
        foreach (var refusal in refusals)
        {
            Output.AddRow(table, refusal.String("field"), refusal.String("rule"), JsonFields.Number(refusal.Int("status")), refusal.String("message"));
        }

        output.Console.Write(table);
        return true;
    }

    /// <summary>"Queued (position 2, estimated start 10:42)", "Failed: Exit code 3."</summary>
    public static string Status(JsonElement job)
    {
        var status = job.String("status") ?? "?";
        if (status == "Queued" && job.Int("position") is { } position)
        {
            status += $" (position {position}{(job.Time("estimatedStartAt") is { } start ? $", estimated start {JsonFields.When(start)}" : "")})";
        }

        // "Running: Running." says nothing twice.
        return job.String("reason") is { Length: > 0 } reason && reason.TrimEnd('.') != job.String("status") ? $"{status}: {reason}" : status;
    }

    private static string Image(JsonElement job) =>
        job.String("imageDigest") is { } digest ? $"{job.String("image")} ({digest})" : job.String("image") ?? "";
}
