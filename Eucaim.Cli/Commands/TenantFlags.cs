using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>The options of <c>tenants create</c> and <c>update</c>, each a field of the API's tenant (docs/tenants.md).</summary>
internal static class TenantFlags
{
    public static BodyFlags Fields() => new BodyFlags()
        .Text("--name", "name", "The tenant's display name.")
        .Text("--group", "lsLoginGroup", "The LS Login group (a URN) whose members belong to the tenant; \"\" for none.")
        .Int("--gpus", "quota.gpus", "Quota: GPUs of all running jobs together.")
        .Int("--cpu-cores", "quota.cpuCores", "Quota: CPU cores of all running jobs together.")
        .Int("--memory-gib", "quota.memoryGib", "Quota: memory (GiB) of all running jobs together.")
        .Int("--storage-gib", "quota.storageGib", "Quota: stored homes and outputs (GiB).")
        .Int("--scratch-gib", "quota.scratchGib", "Quota: node scratch (GiB) of all running jobs (default: 20 per concurrent job).")
        .Int("--concurrent-jobs", "quota.concurrentJobs", "Quota: jobs running at once.")
        .Int("--max-job-runtime-minutes", "quota.maxJobRuntimeMinutes", "Quota: the longest runtime a job may ask for, in minutes.")
        .List("--flavor", "allowedFlavors", "A flavor the tenant's jobs may use (repeat for more; replaces the list).")
        .List("--member", "members", "An explicit member by subject, beside the group's members (repeat for more; replaces the list).");
}
