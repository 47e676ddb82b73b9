using System.Text;
using Eucaim.Core.Exports.Screening;
using Eucaim.Dicom.Synthetic;

namespace Eucaim.Core.Tests.Exports.Screening;

/// <summary>One file, one pass: the kind by content, then identifiers and small cells.</summary>
public sealed class FileScreeningTests
{
    private static readonly IdentifierSet Identifiers = BuildIdentifiers();

    private static IdentifierSet BuildIdentifiers()
    {
        var builder = new IdentifierSet.Builder();
        builder.Add("PAT000001", ExportFindingCodes.PatientId);
        builder.Add(SyntheticCtSeries.SeriesInstanceUid(1), ExportFindingCodes.SeriesInstanceUid);
        return builder.Build();
    }

    private static Task<List<ExportFinding>> ScreenAsync(string file, byte[] content) =>
        FileScreening.ScreenAsync(file, new MemoryStream(content), Identifiers, 5, CancellationToken.None);

    [Fact]
    public async Task A_dicom_file_renamed_txt_is_blocked_by_its_content()
    {
        var finding = Assert.Single(await ScreenAsync("notes.txt", SyntheticCtSeries.CreateFile(seed: 1)));
        Assert.Equal(ExportFindingCodes.Dicom, finding.Code);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
        Assert.Equal("notes.txt", finding.File);
    }

    [Fact]
    public async Task A_csv_with_a_patient_id_is_blocked_and_a_uid_is_a_warning()
    {
        var csv = Encoding.UTF8.GetBytes($"patient,series,volume_ml\nPAT000001,{SyntheticCtSeries.SeriesInstanceUid(1)},12.5\n");
        var findings = await ScreenAsync("volumes.csv", csv);
        var patient = Assert.Single(findings, f => f.Code == ExportFindingCodes.PatientId);
        Assert.Equal(FindingSeverity.Blocking, patient.Severity);
        Assert.Equal(2, patient.Line);
        Assert.DoesNotContain("PAT000001", patient.Message, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Warning, Assert.Single(findings, f => f.Code == ExportFindingCodes.SeriesInstanceUid).Severity);
    }

    [Fact]
    public async Task A_table_with_a_count_of_3_is_blocked()
    {
        var finding = Assert.Single(await ScreenAsync("counts.csv", "modality,count\nCT,3\n"u8.ToArray()));
        Assert.Equal(ExportFindingCodes.SmallCell, finding.Code);
        Assert.Equal(FindingSeverity.Blocking, finding.Severity);
        Assert.Contains("threshold of 5", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_is_a_warning_and_is_still_searched()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "\0\0\0\u0010tEXtComment\0PAT000001"u8];
        var findings = await ScreenAsync("plot.dat", png);
        Assert.Equal(FindingSeverity.Warning, Assert.Single(findings, f => f.Code == ExportFindingCodes.Image).Severity);
        Assert.Contains(findings, f => f.Code == ExportFindingCodes.PatientId);
    }

    [Fact]
    public async Task A_gzipped_nifti_is_blocked()
    {
        var nii = ContentSnifferTests.Gzip([.. ContentSnifferTests.Nifti1("n+1", false), .. new byte[100_000]]);
        Assert.Equal(ExportFindingCodes.Nifti, Assert.Single(await ScreenAsync("segmentation.bin", nii)).Code);
    }

    [Fact]
    public async Task A_large_clean_file_crossing_many_chunks_has_no_finding()
    {
        var text = new StringBuilder("group,n\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append("group-").Append(i).Append(",25\n");
        }

        Assert.Empty(await ScreenAsync("groups.csv", Encoding.UTF8.GetBytes(text.ToString())));
        text.Append("PAT000001 ,4\n");
        var findings = await ScreenAsync("groups.csv", Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Equal(20_002, Assert.Single(findings, f => f.Code == ExportFindingCodes.PatientId).Line);
        Assert.Equal(20_002, Assert.Single(findings, f => f.Code == ExportFindingCodes.SmallCell).Line);
    }
}
