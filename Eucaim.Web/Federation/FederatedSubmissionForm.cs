using System.Globalization;
using Eucaim.Web.Api;
using Eucaim.Web.Catalogue;
using Eucaim.Web.Jobs;
using Eucaim.Web.Tenants;
using Microsoft.Extensions.Primitives;

namespace Eucaim.Web.Federation;

/// <summary>
/// What the run and training forms share: the tenant's flavors, the allowed images and the federated datasets the
/// tenant holds grants on; the controls' ties to their hints and to the API's message about them.
/// </summary>
public sealed class FederatedSubmissionChoices
{
    public IReadOnlyList<TenantView> Tenants { get; private init; } = [];

    public TenantView? Tenant { get; private init; }

    public IReadOnlyList<JobImageView> Images { get; private init; } = [];

    public IReadOnlyList<FlavorView> Flavors { get; private init; } = [];

    /// <summary>The federated datasets the tenant holds an active grant on, with their names.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Datasets { get; private init; } = [];

    public static async Task<FederatedSubmissionChoices> LoadAsync(SignedInApi api, CatalogueClient catalogue, string? wantedTenant, CancellationToken cancellationToken)
    {
        var tenants = (await api.GetAsync<List<TenantView>>("api/tenants", cancellationToken)).Value ?? [];
        var tenant = tenants.FirstOrDefault(t => t.Slug == wantedTenant) ?? tenants.FirstOrDefault();
        if (tenant is null)
        {
            return new FederatedSubmissionChoices { Tenants = tenants };
        }

        var images = (await api.GetAsync<List<JobImageView>>("api/job-images", cancellationToken)).Value ?? [];
        var flavors = (await api.GetAsync<List<FlavorView>>("api/flavors", cancellationToken)).Value ?? [];
        var grants = (await api.GetAsync<List<GrantView>>($"api/grants?active=true&tenant={Uri.EscapeDataString(tenant.Slug)}", cancellationToken)).Value ?? [];
        var datasets = new List<(Guid, string)>();
        foreach (var id in grants.Select(g => g.DatasetId).Distinct())
        {
            if ((await catalogue.GetDatasetAsync(id, cancellationToken)).Value?.Metadata is { SharingMode: "federated-node" } metadata)
            {
                datasets.Add((id, metadata.Name ?? id.ToString()));
            }
        }

        return new FederatedSubmissionChoices { Tenants = tenants, Tenant = tenant, Images = images, Flavors = flavors, Datasets = datasets };
    }

    public string FlavorLabel(string name) => Flavors.FirstOrDefault(f => f.Name == name) is { } f
        ? $"{name} — {f.CpuMillicores / 1000.0:0.##} CPU, {f.MemoryMib / 1024.0:0.#} GiB{(f.GpuCount > 0 ? $", {f.GpuCount} × {f.GpuType ?? "GPU"}" : "")}"
        : name;

    public string DatasetName(Guid id) => Datasets.FirstOrDefault(d => d.Id == id) is { Name: { } name } ? name : id.ToString();

    /// <summary>The attributes that tie a control to its hint and to the API's message about its field.</summary>
    public static Dictionary<string, object> Described(ApiProblem? refusal, string field, string? hint = null)
    {
        var attributes = new Dictionary<string, object>();
        var described = new List<string>();
        if (hint is not null)
        {
            described.Add(hint);
        }

        if (refusal?.Errors is { } errors && errors.ContainsKey(field))
        {
            attributes["aria-invalid"] = "true";
            described.Add($"{field}-error");
        }

        if (described.Count > 0)
        {
            attributes["aria-describedby"] = string.Join(' ', described);
        }

        return attributes;
    }

    /// <summary>A group of checkboxes (a fieldset) points to the API's message about it; aria-invalid belongs to controls, not groups.</summary>
    public static Dictionary<string, object> GroupDescribed(ApiProblem? refusal, string field) =>
        refusal?.Errors is { } errors && errors.ContainsKey(field)
            ? new Dictionary<string, object> { ["aria-describedby"] = $"{field}-error" }
            : [];

    /// <summary>Names typed in one box, separated by commas, spaces or lines.</summary>
    public static List<string> Names(string? text) =>
        [.. (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Arguments, one per line.</summary>
    public static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static List<Guid> Ids(StringValues values) =>
        [.. values.Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct()];

    /// <summary>A whole number as typed; empty is left out; anything else is named in <paramref name="errors"/>.</summary>
    public static int? Whole(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [$"{field} must be a whole number."];
        return null;
    }

    /// <summary>A number as typed (a point for decimals); empty is left out; anything else is named in <paramref name="errors"/>.</summary>
    public static double? Fraction(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [$"{field} must be a number, e.g. 0.01."];
        return null;
    }
}
