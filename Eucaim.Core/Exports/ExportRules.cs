using Eucaim.Core.Contracts;
using Eucaim.Core.Exports.Screening;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Exports;

/// <summary>What an export request and a decision must say; each refusal names its field and rule.</summary>
public static class ExportRules
{
    public const int MinJustificationLength = 20;
    public const int MaxJustificationLength = 4000;
    public const int MaxFiles = 100;

    /// <summary>Only an ended job whose outputs are stored can export anything.</summary>
    public static Problem? CheckJobEnded(Job job) =>
        job.Status.IsFinal() && job.CollectedAt is not null ? null
            : JobProblems.Conflict("jobId", "job-not-ended", $"job {job.Id} has not ended and stored its outputs yet ({job.Status}).");

    /// <summary>The justification as stored (trimmed), or why it is not one.</summary>
    public static Outcome<string> Justification(string? justification) =>
        justification is not null && justification.Trim().Length >= MinJustificationLength && justification.Length <= MaxJustificationLength
            ? justification.Trim()
            : JobProblems.Invalid("justification", "justification-required", $"justification must say why the files must leave the bubble ({MinJustificationLength} to {MaxJustificationLength} characters).");

    /// <summary>1 to 100 distinct paths, each a safe relative path that is one of <paramref name="outputs"/>.</summary>
    public static Problem? CheckFiles(IReadOnlyList<string> files, IReadOnlySet<string> outputs, Guid jobId)
    {
        if (files.Count == 0 || files.Count > MaxFiles || files.Distinct(StringComparer.Ordinal).Count() != files.Count)
        {
            return JobProblems.Invalid("files", "files-required", $"files must list 1 to {MaxFiles} distinct output paths (GET /api/jobs/{{id}}/outputs).");
        }

        for (var i = 0; i < files.Count; i++)
        {
            if (!BlobLayout.IsSafeRelativePath(files[i]) || !outputs.Contains(files[i]))
            {
                return JobProblems.Invalid($"files[{i}]", "file-not-an-output", $"'{files[i]}' is not an output file of job {jobId}.");
            }
        }

        return null;
    }

    /// <summary>The status a decision leads to, or why the decision is not valid.</summary>
    public static Outcome<ExportStatus> Decision(string? decision, string? note) => decision switch
    {
        "approve" => ExportStatus.Approved,
        "reject" when string.IsNullOrWhiteSpace(note) => JobProblems.Invalid("note", "note-required-on-reject", "say why the export is rejected, so the researcher can act on it."),
        "reject" => ExportStatus.Rejected,
        _ => JobProblems.Invalid("decision", "decision-value", "decision must be 'approve' or 'reject'."),
    };

    /// <summary>
    /// An approval of a request with blocking findings needs an explicit override: a justification of
    /// at least <see cref="MinJustificationLength"/> characters, kept with the request and audited.
    /// Returns the override as stored (null when there is none), or why the decision may not stand.
    /// </summary>
    public static Outcome<string?> Override(ExportRequest export, ExportStatus decided, string? overrideJustification)
    {
        var blocking = export.Findings.Where(f => f.Severity == FindingSeverity.Blocking).ToList();
        if (overrideJustification is null)
        {
            return decided == ExportStatus.Approved && blocking.Count > 0 ? BlockingFindings(export, blocking) : (string?)null;
        }

        if (decided != ExportStatus.Approved)
        {
            return JobProblems.Invalid("overrideJustification", "override-only-on-approval", "overrideJustification is only for approving despite blocking findings.");
        }

        if (blocking.Count == 0)
        {
            return JobProblems.Invalid("overrideJustification", "override-not-needed", $"export {export.Id} has no blocking finding to override; approve without overrideJustification.");
        }

        var trimmed = overrideJustification.Trim();
        return trimmed.Length >= MinJustificationLength && overrideJustification.Length <= MaxJustificationLength
            ? trimmed
            : JobProblems.Invalid("overrideJustification", "override-justification-required",
                $"overrideJustification must say why the blocking findings may leave the bubble ({MinJustificationLength} to {MaxJustificationLength} characters).");
    }

    private static Problem BlockingFindings(ExportRequest export, List<ExportFinding> blocking) =>
        new(ProblemKind.Conflict, "The export has blocking findings.",
            $"export {export.Id} has {blocking.Count} blocking finding(s): "
            + string.Join("; ", blocking.Select(f => $"{f.File}: {f.Code}"))
            + $". Reject it, or approve with an overrideJustification ({MinJustificationLength} characters or more) that says why they may leave.")
        {
            Extensions = new Dictionary<string, object?>
            {
                ["field"] = "overrideJustification",
                ["rule"] = "blocking-findings",
                ["findings"] = blocking.Select(f => new Dictionary<string, object?> { ["file"] = f.File, ["code"] = f.Code, ["message"] = f.Message }).ToList(),
            },
        };

    /// <summary>Links are issued only once the approved files are copied out.</summary>
    public static Problem? CheckDownloadable(ExportRequest export) => export.Status switch
    {
        ExportStatus.Available => null,
        ExportStatus.Approved => JobProblems.Conflict("status", "export-not-available", $"export {export.Id} is approved and being copied; try again shortly."),
        _ => JobProblems.Conflict("status", "export-not-available", $"export {export.Id} is {export.Status.ToString().ToLowerInvariant()}: nothing to download."),
    };

    /// <summary>The answer to a reviewer that may not decide: the requester is told why.</summary>
    public static Problem NotAReviewer(bool isOwnRequest) => Problem.Forbidden("Not allowed.",
        isOwnRequest
            ? "You asked for this export; someone else must review it."
            : "Only the access committee, or the data holder of every dataset the job used, may decide an export.",
        "reviewer-required");

    public static Problem NotFound(Guid id) => Problem.NotFound("export request", id);
}
