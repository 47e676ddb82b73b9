using System.Text.Json;

namespace Eucaim.Core.Catalogue.Seed;

/// <summary>What a seed record becomes in the catalogue.</summary>
public static class SeedDatasetMetadata
{
    /// <summary>The version this record becomes. Counts as prose are kept in the <c>*Text</c> fields.</summary>
    public static DatasetMetadata ToMetadata(this SeedDataset record)
    {
        var sharing = SharingModes.Parse(record.DataSharing)
            ?? throw new InvalidDataException($"seed {record.DatasetKey}: unknown dataSharing '{record.DataSharing}'");
        return new DatasetMetadata
        {
            Name = record.DatasetName,
            Description = record.Description,
            IntendedPurpose = record.IntendedPurpose,
            CancerType = record.CancerType,
            Modalities = record.Modalities ?? [],
            ModalityText = record.ModalityText,
            BodyParts = record.BodyParts ?? [],
            AgeRange = record.AgeRange,
            Sex = record.Sex,
            Subjects = record.SubjectsNumeric,
            SubjectsText = Prose(record.Subjects),
            SubjectsNote = record.SubjectsNumericNote,
            Studies = record.DicomStudiesNumeric,
            StudiesText = Prose(record.DicomStudies),
            StudiesNote = record.DicomStudiesNumericNote,
            SizeGb = record.SizeGbNumeric,
            SizeText = Prose(record.SizeGb),
            SizeNote = record.SizeGbNumericNote,
            Deidentification = record.Deidentification,
            TermsOfUse = record.TermsOfUse,
            CollectionMethods = record.CollectionMethod ?? [],
            DatasetTypes = record.DatasetType ?? [],
            Tier = record.Tier,
            SharingMode = sharing.ToValue(),
            // The seed names no node: a federated dataset stays in its holder's own node.
            FederatedNode = sharing == SharingMode.FederatedNode ? record.OrganizationAcronym : null,
            ToolsUsed = record.ToolsToBeUsed ?? [],
            Vendor = record.Vendor,
            Notes = record.Notes ?? [],
            UseCaseId = record.UseCaseId,
            CallRound = record.CallRound,
        };
    }

    /// <summary>The value as written when it was prose rather than a plain number.</summary>
    private static string? Prose(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
