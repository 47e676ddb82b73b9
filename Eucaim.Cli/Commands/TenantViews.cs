using System.Globalization;
using System.Text.Json;
using Eucaim.Cli.Api;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>How the tenants API's documents (TenantResponse, QuotaResponse, …) are shown to people.</summary>
internal static class TenantViews
{
    /// <summary>Details of events longer than this are cut in the table; <c>--json</c> has them whole.</summary>
    private const int DetailWidth = 100;

    public static void Table(Output output, JsonElement tenants)
    {
        var table = output.Table("slug", "name", "state", "ready", "GPUs", "CPU cores", "memory GiB", "storage GiB", "jobs", "flavors").Unwrapped(0);
        foreach (var tenant in tenants.Items())
        {
            var quota = tenant.Object("quota");
            Output.AddRow(table, tenant.String("slug"), tenant.String("name"), tenant.String("state"), Ready(tenant),
                quota.Number("gpus"), quota.Number("cpuCores"), quota.Number("memoryGib"), quota.Number("storageGib"), quota.Number("concurrentJobs"),
                string.Join(", ", tenant.Strings("allowedFlavors")));
        }

        output.Console.Write(table);
        output.Line(OutputViews.Count(tenants.Items().Count(), "tenant", "tenants"));
    }

    public static void Details(Output output, JsonElement tenant)
    {
        // Members' subjects are shown to admins only; to a member the API gives null.
        var subjects = tenant.Strings("members");
        var members = !tenant.TryGetProperty("members", out var m) || m.ValueKind != JsonValueKind.Array ? "(shown to admins)"
            : subjects.Count == 0 ? "(none besides the group's)"
            : string.Join("\n", subjects);
        output.Record(
            ("slug", tenant.String("slug")),
            ("name", tenant.String("name")),
            ("id", tenant.String("id")),
            ("state", tenant.String("state")),
            ("ready", Ready(tenant)),
            ("LS Login group", tenant.String("lsLoginGroup") ?? "(none)"),
            ("allowed flavors", string.Join(", ", tenant.Strings("allowedFlavors"))),
            ("members", members),
            ("namespace", tenant.String("namespace")),
            ("storage prefix", tenant.String("storagePrefix")),
            ("generation", $"{tenant.Number("generation")} (provisioned: {tenant.Number("observedGeneration")})"),
            ("created", JsonFields.When(tenant.Time("createdAt"))),
            ("updated", JsonFields.When(tenant.Time("updatedAt"))));
        output.Line("Quota:");
        Quota(output, tenant.Object("quota"));
        var conditions = tenant.TryGetProperty("conditions", out var c) ? c : default;
        if (conditions.Items().Any())
        {
            output.Line("Conditions:");
            var table = output.Table("type", "status", "reason", "message", "since");
            foreach (var condition in conditions.Items())
            {
                Output.AddRow(table, condition.String("type"), YesNo(condition), condition.String("reason"), condition.String("message"),
                    JsonFields.When(condition.Time("lastTransitionAt")));
            }

            output.Console.Write(table);
        }
    }

    public static void Quota(Output output, JsonElement quota) => output.Record(
        ("GPUs", quota.Number("gpus")),
        ("CPU cores", quota.Number("cpuCores")),
        ("memory", Gib(quota, "memoryGib")),
        ("storage", Gib(quota, "storageGib")),
        ("scratch", Gib(quota, "scratchGib")),
        ("concurrent jobs", quota.Number("concurrentJobs")),
        ("longest job", $"{quota.Number("maxJobRuntimeMinutes")} min"));

    public static void Usage(Output output, JsonElement usage)
    {
        var used = usage.Long("storageBytes") ?? 0;
        var quota = usage.Long("storageQuotaBytes") ?? 0;
        var share = quota > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * used / quota:0.#}%)") : "";
        output.Record(
            ("tenant", usage.String("slug")),
            ("storage used", $"{OutputViews.Bytes(used)} of {OutputViews.Bytes(quota)}{share}"),
            ("objects", usage.Number("storageObjects")));
    }

    public static void Events(Output output, JsonElement events)
    {
        var table = output.Table("at", "action", "actor", "detail");
        foreach (var e in events.Items())
        {
            var detail = e.String("detail") ?? "";
            Output.AddRow(table, JsonFields.When(e.Time("at")), e.String("action"), e.String("actor"),
                detail.Length <= DetailWidth ? detail : detail[..DetailWidth] + "… (--json for all)");
        }

        output.Console.Write(table);
    }

    /// <summary>After a write: the tenant as the API answered (<c>--json</c>), or one line.</summary>
    public static int Changed(Output output, ApiAnswer answer, string verb)
    {
        var tenant = answer.Json ?? default;
        if (output.Json)
        {
            output.WriteJson(tenant);
            return ExitCodes.Ok;
        }

        output.Line($"{verb} tenant {tenant.String("slug")}: {tenant.String("state")}, generation {tenant.Number("generation")}.");
        return ExitCodes.Ok;
    }

    /// <summary>The Ready condition: whether the tenant's namespace or sandbox matches its desired state.</summary>
    private static string Ready(JsonElement tenant)
    {
        var ready = tenant.TryGetProperty("conditions", out var c) ? c.Items().FirstOrDefault(x => x.String("type") == "Ready") : default;
        return ready.ValueKind == JsonValueKind.Object ? YesNo(ready) : "";
    }

    private static string YesNo(JsonElement condition) =>
        condition.TryGetProperty("status", out var s) && s.ValueKind is JsonValueKind.True ? "yes" : "no";

    private static string Gib(JsonElement quota, string name) => quota.Number(name) is { Length: > 0 } n ? $"{n} GiB" : "";
}
