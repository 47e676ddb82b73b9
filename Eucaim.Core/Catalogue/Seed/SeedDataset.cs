using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eucaim.Core.Catalogue.Seed;

/// <summary>
/// One record of <c>eucaim-datasets.json</c>, the EUCAIM dataset descriptions collected from the
/// data holders' calls. Counts are written either as numbers or as prose ("Up to 1000"); the
/// extractor added a <c>*Numeric</c> reading and a note for each, which is what we load.
/// </summary>
public sealed record SeedDataset
{
    [JsonPropertyName("datasetKey")] public required string DatasetKey { get; init; }
    [JsonPropertyName("useCaseId")] public string? UseCaseId { get; init; }
    [JsonPropertyName("datasetNo")] public int DatasetNo { get; init; }
    [JsonPropertyName("organization")] public required string Organization { get; init; }
    [JsonPropertyName("organizationAcronym")] public required string OrganizationAcronym { get; init; }
    [JsonPropertyName("dataSharing")] public required string DataSharing { get; init; }
    [JsonPropertyName("tier")] public required string Tier { get; init; }
    [JsonPropertyName("datasetName")] public required string DatasetName { get; init; }
    [JsonPropertyName("cancerType")] public required string CancerType { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
    [JsonPropertyName("collectionMethod")] public List<string>? CollectionMethod { get; init; }
    [JsonPropertyName("datasetType")] public List<string>? DatasetType { get; init; }
    [JsonPropertyName("termsOfUse")] public string? TermsOfUse { get; init; }
    [JsonPropertyName("intendedPurpose")] public string? IntendedPurpose { get; init; }
    [JsonPropertyName("modalities")] public List<string>? Modalities { get; init; }
    [JsonPropertyName("modalityText")] public string? ModalityText { get; init; }
    [JsonPropertyName("vendor")] public string? Vendor { get; init; }
    [JsonPropertyName("bodyParts")] public List<string>? BodyParts { get; init; }
    [JsonPropertyName("ageRange")] public string? AgeRange { get; init; }
    [JsonPropertyName("sex")] public required string Sex { get; init; }
    [JsonPropertyName("subjects")] public JsonElement Subjects { get; init; }
    [JsonPropertyName("dicomStudies")] public JsonElement DicomStudies { get; init; }
    [JsonPropertyName("sizeGB")] public JsonElement SizeGb { get; init; }
    [JsonPropertyName("deidentification")] public string? Deidentification { get; init; }
    [JsonPropertyName("toolsToBeUsed")] public List<string>? ToolsToBeUsed { get; init; }
    [JsonPropertyName("subjectsNumeric")] public int? SubjectsNumeric { get; init; }
    [JsonPropertyName("subjectsNumericNote")] public string? SubjectsNumericNote { get; init; }
    [JsonPropertyName("dicomStudiesNumeric")] public int? DicomStudiesNumeric { get; init; }
    [JsonPropertyName("dicomStudiesNumericNote")] public string? DicomStudiesNumericNote { get; init; }
    [JsonPropertyName("sizeGBNumeric")] public decimal? SizeGbNumeric { get; init; }
    [JsonPropertyName("sizeGBNumericNote")] public string? SizeGbNumericNote { get; init; }
    [JsonPropertyName("notes")] public List<string>? Notes { get; init; }
    [JsonPropertyName("callRound")] public string? CallRound { get; init; }
}
