using System.Text.Json;

namespace Eucaim.Workers.Tenants;

/// <summary>
/// Tenants as folders on this machine (the local topology): <c>{root}/{slug}/home</c> and
/// <c>outputs</c>, plus <c>quota.json</c> that the job dispatcher enforces, since a local process has
/// no namespace quota to lean on.
/// </summary>
public sealed class LocalSandboxBackend(string root) : ITenantBackend
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string PathOf(string slug) => Path.Combine(root, slug);

    public async Task<ProvisionOutcome> ApplyAsync(TenantSpec spec, CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        var sandbox = PathOf(spec.Slug);
        foreach (var folder in new[] { "home", "outputs" })
        {
            var path = Path.Combine(sandbox, folder);
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
                changed.Add(folder);
            }
        }

        var quotaFile = Path.Combine(sandbox, "quota.json");
        var quota = JsonSerializer.Serialize(new { state = spec.State.ToString().ToLowerInvariant(), quota = spec.EffectiveQuota }, Json);
        if (!File.Exists(quotaFile) || await File.ReadAllTextAsync(quotaFile, cancellationToken) != quota)
        {
            // Write then rename, so the dispatcher never reads half a file.
            var temporary = quotaFile + ".tmp";
            await File.WriteAllTextAsync(temporary, quota, cancellationToken);
            File.Move(temporary, quotaFile, overwrite: true);
            changed.Add("quota.json");
        }

        return new ProvisionOutcome(changed);
    }

    public Task<bool> RemoveAsync(string slug, CancellationToken cancellationToken)
    {
        var sandbox = PathOf(slug);
        if (Directory.Exists(sandbox))
        {
            Directory.Delete(sandbox, recursive: true);
        }

        return Task.FromResult(true);
    }
}
