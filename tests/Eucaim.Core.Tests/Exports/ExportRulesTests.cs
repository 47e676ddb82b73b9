using Eucaim.Core.Exports;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Exports;

/// <summary>What an export request and a decision must say, and when links may be issued.</summary>
public sealed class ExportRulesTests
{
    private static readonly Guid JobId = Guid.Parse("0195d3a4-0000-7000-8000-000000000001");
    private static readonly HashSet<string> Outputs = new(["model.pt", "metrics/summary.json"], StringComparer.Ordinal);

    private static Job Job(JobStatus status, bool collected) => new()
    {
        Id = JobId, TenantSlug = "tenant-a", Name = "train", Image = "img", Flavor = "small", SubmittedBy = "member-sub",
        Status = status, CollectedAt = collected ? DateTimeOffset.UnixEpoch : null,
    };

    [Fact]
    public void Only_an_ended_job_whose_outputs_are_stored_can_export()
    {
        Assert.Null(ExportRules.CheckJobEnded(Job(JobStatus.Succeeded, collected: true)));
        Assert.Equal("job-not-ended", ExportRules.CheckJobEnded(Job(JobStatus.Running, collected: false))!.Extensions!["rule"]);
        Assert.Equal("job-not-ended", ExportRules.CheckJobEnded(Job(JobStatus.Failed, collected: false))!.Extensions!["rule"]);
    }

    [Fact]
    public void A_justification_says_why_in_twenty_to_four_thousand_characters_and_is_trimmed()
    {
        Assert.Equal("Needed for the paper's figure 3.", ExportRules.Justification("  Needed for the paper's figure 3.  ").Value);
        Assert.False(ExportRules.Justification("too short").Succeeded);
        Assert.False(ExportRules.Justification(null).Succeeded);
        Assert.False(ExportRules.Justification(new string('x', ExportRules.MaxJustificationLength + 1)).Succeeded);
    }

    [Fact]
    public void Files_are_distinct_output_paths()
    {
        Assert.Null(ExportRules.CheckFiles(["model.pt", "metrics/summary.json"], Outputs, JobId));
        Assert.Equal(("files", "files-required"), (ExportRules.CheckFiles([], Outputs, JobId)!.Extensions!["field"], ExportRules.CheckFiles([], Outputs, JobId)!.Extensions!["rule"]));
        Assert.Equal("files-required", ExportRules.CheckFiles(["model.pt", "model.pt"], Outputs, JobId)!.Extensions!["rule"]);

        var outside = ExportRules.CheckFiles(["model.pt", "../other/secret"], Outputs, JobId)!;
        Assert.Equal(("files[1]", "file-not-an-output"), (outside.Extensions!["field"], outside.Extensions["rule"]));
        Assert.Equal("file-not-an-output", ExportRules.CheckFiles(["missing.txt"], Outputs, JobId)!.Extensions!["rule"]);
    }

    [Fact]
    public void A_decision_is_approve_or_reject_and_a_rejection_says_why()
    {
        Assert.Equal(ExportStatus.Approved, ExportRules.Decision("approve", null).Value);
        Assert.Equal(ExportStatus.Rejected, ExportRules.Decision("reject", "Contains identifiable data.").Value);
        Assert.Equal("note-required-on-reject", ExportRules.Decision("reject", " ").Problem!.Extensions!["rule"]);
        Assert.Equal("decision-value", ExportRules.Decision("maybe", "x").Problem!.Extensions!["rule"]);
    }

    [Fact]
    public void Links_are_issued_only_for_available_exports()
    {
        var export = new ExportRequest { Id = Guid.NewGuid(), TenantSlug = "tenant-a", Justification = "x", RequestedBy = "member-sub", Status = ExportStatus.Available };
        Assert.Null(ExportRules.CheckDownloadable(export));

        export.Status = ExportStatus.Approved;
        Assert.EndsWith("is approved and being copied; try again shortly.", ExportRules.CheckDownloadable(export)!.Detail, StringComparison.Ordinal);
        export.Status = ExportStatus.Rejected;
        Assert.EndsWith("is rejected: nothing to download.", ExportRules.CheckDownloadable(export)!.Detail, StringComparison.Ordinal);
        Assert.Equal(ProblemKind.Conflict, ExportRules.CheckDownloadable(export)!.Kind);
    }

    [Fact]
    public void An_invalid_export_field_keeps_the_plain_problem_shape()
    {
        var problem = JobProblems.Invalid("jobId", "job-required", "jobId is required.");

        Assert.Null(problem.Errors);
        Assert.Equal(["field", "rule", "errors"], problem.Extensions!.Keys);
        Assert.Equal("Invalid request.", problem.Title);
    }
}
