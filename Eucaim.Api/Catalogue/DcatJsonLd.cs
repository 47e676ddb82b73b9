using System.Text.Json;
using System.Text.Json.Nodes;
using Eucaim.Api.Platform;
using Eucaim.Core.Catalogue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.Catalogue;

/// <summary>
/// DCAT-AP 3 / HealthDCAT-AP descriptions of published datasets as JSON-LD, the form European
/// health-data catalogues (HealthData@EU, national portals) harvest.
/// </summary>
internal static class DcatJsonLd
{
    public const string MediaType = "application/ld+json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static bool IsWanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    public static ContentHttpResult Result(JsonObject document) =>
        TypedResults.Content(document.ToJsonString(Indented), MediaType, System.Text.Encoding.UTF8);

    public static JsonObject Context() => new()
    {
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["foaf"] = "http://xmlns.com/foaf/0.1/",
        ["healthdcatap"] = "http://healthdataportal.eu/ns/health#",
        ["dpv"] = "https://w3id.org/dpv#",
        ["adms"] = "http://www.w3.org/ns/adms#",
        ["hydra"] = "http://www.w3.org/ns/hydra/core#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
    };

    public static JsonObject Dataset(PublicUrl publicUrl, Dataset dataset, DatasetVersion version)
    {
        var document = new JsonObject { ["@context"] = Context() };
        foreach (var (key, value) in Describe(publicUrl, dataset, version))
        {
            document[key] = value?.DeepClone();
        }

        return document;
    }

    /// <summary>The dcat:Dataset node, without context, for embedding in a catalogue.</summary>
    public static JsonObject Describe(PublicUrl publicUrl, Dataset dataset, DatasetVersion version)
    {
        var url = publicUrl.Of($"/api/datasets/{dataset.Id}");
        var keywords = new[] { version.CancerType }.Concat(version.Modalities).Concat(version.BodyParts).Distinct(StringComparer.OrdinalIgnoreCase);
        var node = new JsonObject
        {
            ["@id"] = url,
            ["@type"] = "dcat:Dataset",
            ["dct:identifier"] = dataset.Id.ToString(),
            ["dct:title"] = Text(version.Name),
            ["dct:description"] = Text(version.Description),
            ["dct:publisher"] = new JsonObject
            {
                ["@type"] = "foaf:Organization",
                ["foaf:name"] = dataset.Organization?.Name ?? dataset.OrganizationKey,
                ["dct:identifier"] = dataset.OrganizationKey,
            },
            ["dcat:keyword"] = new JsonArray(keywords.Select(k => (JsonNode)Text(k)).ToArray()),
            ["dcat:theme"] = Reference("http://publications.europa.eu/resource/authority/data-theme/HEAL"),
            // Every EUCAIM dataset is released through an access request, never openly.
            ["dct:accessRights"] = Reference("http://publications.europa.eu/resource/authority/access-right/RESTRICTED"),
            ["dcat:version"] = version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dct:issued"] = DateTime(version.PublishedAt ?? dataset.CreatedAt),
            ["dct:modified"] = DateTime(version.PublishedAt ?? dataset.UpdatedAt),
            ["dcat:landingPage"] = Reference(url),
            ["adms:status"] = Reference(dataset.State == DatasetState.Invalidated
                ? "http://purl.org/adms/status/Withdrawn"
                : "http://purl.org/adms/status/Completed"),
        };
        if (version.Subjects is { } subjects)
        {
            node["healthdcatap:numberOfUniqueIndividuals"] = Count(subjects);
        }

        if (version.Studies is { } studies)
        {
            node["healthdcatap:numberOfRecords"] = Count(studies);
        }

        var population = string.Join("; ", new[] { $"Sex: {version.Sex}", version.AgeRange is { } age ? $"Age: {age}" : null }.OfType<string>());
        node["healthdcatap:populationCoverage"] = Text(population);
        if (version.IntendedPurpose is { } purpose)
        {
            node["dpv:hasPurpose"] = new JsonObject { ["@type"] = "dpv:Purpose", ["dct:description"] = Text(purpose) };
        }

        if (version.TermsOfUse is { } terms)
        {
            node["dct:rights"] = new JsonObject { ["@type"] = "dct:RightsStatement", ["dct:description"] = Text(terms) };
        }

        if (version.DatasetTypes.Count > 0)
        {
            node["dct:type"] = new JsonArray(version.DatasetTypes.Select(t => (JsonNode)Text(t)).ToArray());
        }

        if (dataset.InvalidationReason is { } reason)
        {
            node["adms:versionNotes"] = Text($"Withdrawn: {reason}");
        }

        return node;
    }

    private static JsonObject Text(string value) => new() { ["@value"] = value, ["@language"] = "en" };

    private static JsonObject Reference(string iri) => new() { ["@id"] = iri };

    private static JsonObject DateTime(DateTimeOffset at) =>
        new() { ["@value"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), ["@type"] = "xsd:dateTime" };

    private static JsonObject Count(int value) =>
        new() { ["@value"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture), ["@type"] = "xsd:nonNegativeInteger" };
}
