using System.Text.Json;

namespace Eucaim.Platform.Tests.Catalogue;

/// <summary>
/// The seed file read by the tests themselves, with the facet rules written out again here from
/// docs/catalogue.md (not by calling the platform's code), so that facet counts are checked
/// against an independent computation.
/// </summary>
public static class SeedFile
{
    public static readonly IReadOnlyList<SeedRecord> Records = Load();

    public static readonly string[] Facets = ["modality", "cancerType", "bodyPart", "tier", "sharingMode", "sex", "organization"];

    /// <summary>
    /// Expected total and facet counts (value → count, zeros left out) for filters given as facet →
    /// accepted values: each facet counted under every filter except its own.
    /// </summary>
    public static (int Total, Dictionary<string, Dictionary<string, int>> Facets) Expected(
        IReadOnlyDictionary<string, string[]> filters, Func<SeedRecord, bool>? also = null)
    {
        bool Passes(SeedRecord record, string? except) =>
            (also?.Invoke(record) ?? true) &&
            filters.All(f => f.Key == except || record.Values(f.Key).Intersect(f.Value).Any());

        var facets = Facets.ToDictionary(
            facet => facet,
            facet => Records.Where(r => Passes(r, facet))
                .SelectMany(r => r.Values(facet))
                .GroupBy(v => v)
                .ToDictionary(g => g.Key, g => g.Count()));
        return (Records.Count(r => Passes(r, null)), facets);
    }

    private static List<SeedRecord> Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Eucaim.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("repository root"),
            "Eucaim.Core", "Catalogue", "Seed", "eucaim-datasets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(SeedRecord.Parse).ToList();
    }
}

public sealed record SeedRecord(
    string Key,
    string Name,
    string Organization,
    string Text,
    string[] Modalities,
    string CancerTypeKey,
    string[] BodyPartKeys,
    string Tier,
    string SharingMode,
    string Sex,
    int? Subjects)
{
    public IEnumerable<string> Values(string facet) => facet switch
    {
        "modality" => Modalities,
        "cancerType" => [CancerTypeKey],
        "bodyPart" => BodyPartKeys,
        "tier" => [Tier],
        "sharingMode" => [SharingMode],
        "sex" => [Sex],
        "organization" => [Organization],
        _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, null),
    };

    public static SeedRecord Parse(JsonElement e)
    {
        static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.String ? e.GetProperty(name).GetString() : null;
        static string[] A(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Array
            ? e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray()
            : [];
        static string Key(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

        // Sex rule: "female" anywhere means females; "male" left after removing "female" means males.
        var sex = S(e, "sex")!.ToLowerInvariant();
        var female = sex.Contains("female");
        var male = sex.Replace("female", "").Contains("male");
        var subjects = e.GetProperty("subjectsNumeric");
        return new SeedRecord(
            S(e, "datasetKey")!,
            S(e, "datasetName")!,
            S(e, "organizationAcronym")!,
            $"{S(e, "datasetName")} {S(e, "intendedPurpose")} {S(e, "description")}".ToLowerInvariant(),
            A(e, "modalities").Distinct().ToArray(),
            Key(S(e, "cancerType")!),
            A(e, "bodyParts").Select(Key).Distinct().ToArray(),
            S(e, "tier")!,
            S(e, "dataSharing")!.ToLowerInvariant().Replace(' ', '-'),
            female && male ? "mixed" : female ? "female" : male ? "male" : "unspecified",
            subjects.ValueKind == JsonValueKind.Number ? subjects.GetInt32() : null);
    }
}
