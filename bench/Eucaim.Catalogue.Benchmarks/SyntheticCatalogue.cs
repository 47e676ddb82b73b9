using Eucaim.Core.Catalogue;

namespace Eucaim.Catalogue.Benchmarks;

/// <summary>
/// Generates datasets that look like the seed. Each one takes its topic from one seed dataset (name,
/// cancer type, modalities, body parts, purpose, and a description made of that dataset's sentences,
/// shuffled, sometimes with one sentence of another), so that a text term is about as frequent as in
/// the real catalogue; tier, sharing mode, sex and counts are drawn independently.
/// 100 organizations: the seed's 24 and 76 more. Deterministic (fixed random seed).
/// </summary>
internal sealed class SyntheticCatalogue
{
    public const int OrganizationCount = 100;

    private readonly IReadOnlyList<DatasetVersion> _templates;
    private readonly string[][] _sentences;
    private readonly Random _random = new(20_261_129);

    public SyntheticCatalogue(IReadOnlyList<DatasetVersion> seedVersions, IReadOnlyList<string> seedOrganizations)
    {
        _templates = seedVersions;
        _sentences = seedVersions
            .Select(v => v.Description.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();
        Organizations = [.. seedOrganizations, .. Enumerable.Range(1, OrganizationCount - seedOrganizations.Count).Select(i => $"BENCH-{i:D3}")];
    }

    public IReadOnlyList<string> Organizations { get; }

    public (string Organization, DatasetMetadata Metadata) Next(int number)
    {
        DatasetVersion Pick() => _templates[_random.Next(_templates.Count)];
        var organization = Organizations[_random.Next(Organizations.Count)];
        var topic = _random.Next(_templates.Count);
        var named = _templates[topic];
        var sentences = _sentences[topic].OrderBy(_ => _random.Next()).Take(Math.Max(1, _random.Next(_sentences[topic].Length / 2, _sentences[topic].Length + 1))).ToList();
        if (_random.Next(3) == 0)
        {
            var other = _sentences[_random.Next(_sentences.Length)];
            sentences.Add(other[_random.Next(other.Length)]);
        }

        var description = string.Join(". ", sentences).TrimEnd('.') + ".";
        var sharing = Pick().SharingMode;
        return (organization, new DatasetMetadata
        {
            Name = $"{named.Name} ({organization} cohort {number})",
            Description = description,
            IntendedPurpose = named.IntendedPurpose,
            CancerType = named.CancerType,
            Modalities = named.Modalities is { Count: > 0 } modalities ? modalities : ["OT"],
            BodyParts = named.BodyParts,
            AgeRange = Pick().AgeRange,
            Sex = Pick().Sex,
            // Log-uniform from 20 to 20,000 subjects, like the seed's spread.
            Subjects = (int)Math.Round(20 * Math.Pow(1000, _random.NextDouble())),
            Studies = _random.Next(4) == 0 ? null : _random.Next(20, 40_000),
            Deidentification = Pick().Deidentification,
            TermsOfUse = Pick().TermsOfUse,
            CollectionMethods = Pick().CollectionMethods,
            DatasetTypes = Pick().DatasetTypes,
            Tier = Pick().Tier,
            SharingMode = sharing.ToValue(),
            FederatedNode = sharing == SharingMode.FederatedNode ? organization : null,
            ToolsUsed = Pick().ToolsUsed,
        });
    }
}
