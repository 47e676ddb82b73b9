using Eucaim.Core.Exports;
using Eucaim.Core.Exports.Screening;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Exports;

/// <summary>Blocking findings stop an approval unless the reviewer overrides them with a justification.</summary>
public sealed class ExportOverrideTests
{
    private const string Why = "The committee accepts the pseudonymised IDs for this consortium.";

    private static ExportRequest Export(params (string File, string Code)[] findings) => new()
    {
        Id = Guid.Parse("0195d3a4-0000-7000-8000-000000000002"),
        TenantSlug = "tenant-a", Justification = "For the paper's supplementary table.", RequestedBy = "rita",
        Findings = [.. findings.Select(f => new ExportFinding { File = f.File, Code = f.Code, Severity = ExportFindingCodes.SeverityOf(f.Code), Message = "m" })],
    };

    [Fact]
    public void Approving_with_blocking_findings_and_no_override_is_a_conflict_naming_each_one()
    {
        var export = Export(("copy.txt", ExportFindingCodes.Dicom), ("ids.csv", ExportFindingCodes.PatientId), ("summary.json", ExportFindingCodes.SeriesInstanceUid));
        var problem = ExportRules.Override(export, ExportStatus.Approved, null).Problem!;
        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal("blocking-findings", problem.Extensions!["rule"]);
        Assert.Contains("copy.txt: dicom-file; ids.csv: patient-id", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("summary.json", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(2, Assert.IsAssignableFrom<System.Collections.ICollection>(problem.Extensions["findings"]).Count);
    }

    [Fact]
    public void An_override_with_a_justification_lets_the_approval_through_trimmed()
    {
        var outcome = ExportRules.Override(Export(("counts.csv", ExportFindingCodes.SmallCell)), ExportStatus.Approved, $"  {Why} ");
        Assert.Equal(Why, outcome.Value);
    }

    [Fact]
    public void Warnings_alone_and_rejections_need_no_override()
    {
        Assert.Null(ExportRules.Override(Export(("plot.png", ExportFindingCodes.Image)), ExportStatus.Approved, null).Value);
        Assert.Null(ExportRules.Override(Export(("copy.txt", ExportFindingCodes.Dicom)), ExportStatus.Rejected, null).Value);
    }

    [Theory]
    [InlineData(true, "short", "override-justification-required")]
    [InlineData(false, Why, "override-not-needed")]
    public void A_needless_or_vague_override_is_refused(bool blocking, string justification, string rule)
    {
        var export = blocking ? Export(("copy.txt", ExportFindingCodes.Dicom)) : Export(("plot.png", ExportFindingCodes.Image));
        var problem = ExportRules.Override(export, ExportStatus.Approved, justification).Problem!;
        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal(rule, problem.Extensions!["rule"]);
        Assert.Equal("overrideJustification", problem.Extensions["field"]);
    }

    [Fact]
    public void An_override_on_a_rejection_is_refused() =>
        Assert.Equal("override-only-on-approval", ExportRules.Override(Export(("copy.txt", ExportFindingCodes.Dicom)), ExportStatus.Rejected, Why).Problem!.Extensions!["rule"]);
}
