using System.Text;
using Eucaim.Core.Exports.Screening;

namespace Eucaim.Core.Tests.Exports.Screening;

public sealed class IdentifierScannerTests
{
    private const string Patient = "PAT005123";
    private const string Study = "1.2.826.0.1.3680043.8.498.1029384756";

    private static IdentifierSet Set()
    {
        var builder = new IdentifierSet.Builder();
        builder.Add(Patient, ExportFindingCodes.PatientId);
        builder.Add("ACC005123", ExportFindingCodes.AccessionNumber);
        builder.Add(Study, ExportFindingCodes.StudyInstanceUid);
        builder.Add("P1", ExportFindingCodes.PatientId);
        return builder.Build();
    }

    private static IReadOnlyDictionary<string, (long FirstLine, long Count)> Scan(string text, int chunk = 7)
    {
        var scanner = new IdentifierScanner(Set());
        var bytes = Encoding.UTF8.GetBytes(text);
        // Small chunks: a value split across two reads must still be found.
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            scanner.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }

        scanner.Finish();
        return scanner.Found;
    }

    [Fact]
    public void A_patient_id_in_a_csv_is_found_with_its_line_and_count()
    {
        var found = Scan($"patient,volume\n\"{Patient}\",12.5\n{Patient};3\n");
        Assert.Equal((2L, 2L), found[ExportFindingCodes.PatientId]);
    }

    [Theory]
    [InlineData("{\"study\":\"" + Study + "\"}")]
    [InlineData("series of study " + Study + ".")]
    [InlineData("out/" + Study + "/mask.png")]
    [InlineData("uid=" + Study)]
    public void A_uid_is_found_in_json_prose_paths_and_key_values(string text) =>
        Assert.True(Scan(text).ContainsKey(ExportFindingCodes.StudyInstanceUid));

    [Fact]
    public void Parts_between_underscores_are_looked_up() =>
        Assert.True(Scan($"{Patient}_left_kidney.png\n").ContainsKey(ExportFindingCodes.PatientId));

    [Theory]
    [InlineData("PAT0051234")]
    [InlineData("XPAT005123")]
    [InlineData(Study + "1")]
    [InlineData("1.2.826.0.1.3680043.8.498")]
    public void A_longer_or_shorter_token_is_not_a_match(string text) => Assert.Empty(Scan(text));

    [Fact]
    public void Values_shorter_than_the_minimum_are_not_searched() => Assert.Empty(Scan("P1,P1\n"));

    [Fact]
    public void Accession_numbers_are_found_and_binary_bytes_split_tokens()
    {
        var found = Scan("\0\u0001ACC005123\u0002\0");
        Assert.Equal((1L, 1L), found[ExportFindingCodes.AccessionNumber]);
    }

    [Fact]
    public void The_first_code_given_for_a_value_wins()
    {
        var builder = new IdentifierSet.Builder();
        builder.Add("SAME0001", ExportFindingCodes.PatientId);
        builder.Add("SAME0001", ExportFindingCodes.AccessionNumber);
        var set = builder.Build();
        Assert.Equal(1, set.Count);
        Assert.Equal(ExportFindingCodes.PatientId, set.Find("SAME0001"u8));
    }
}
