using Eucaim.Core.Platform;
using Eucaim.Dicom;

namespace Eucaim.Core.Ingest;

/// <summary>An instance STOW-RS stored (ReferencedSOPSequence), with the study and series its RetrieveURL names.</summary>
public sealed record StowStored(string? SopClassUid, string SopInstanceUid, string? StudyInstanceUid = null, string? SeriesInstanceUid = null);

/// <summary>An instance (or part) STOW-RS refused, with its PS3.4 failure reason (FailedSOPSequence).</summary>
public sealed record StowFailed(string? SopClassUid, string? SopInstanceUid, int Reason, string Message);

/// <summary>How a STOW-RS request ended: every instance stored (200), some (202), none (409).</summary>
public enum StowVerdict
{
    AllStored,
    SomeFailed,
    NoneStored,
}

public sealed record StowResult(IReadOnlyList<StowStored> Stored, IReadOnlyList<StowFailed> Failed)
{
    public StowVerdict Verdict => Failed.Count == 0 ? StowVerdict.AllStored : Stored.Count > 0 ? StowVerdict.SomeFailed : StowVerdict.NoneStored;
}

/// <summary>STOW-RS's rules (PS3.18 10.5): which parts are instances, and how each store outcome is reported.</summary>
public static class StowRules
{
    // PS3.18 Table 10.5.3-1 / PS3.4 failure reasons.
    public const int ProcessingFailure = 0x0110;
    public const int CannotUnderstand = 0xC000;
    public const int StudyUidMismatch = 0xA900;

    /// <summary>The answer for a body that is not multipart/related of application/dicom; the Api maps this very instance to 415.</summary>
    public static readonly Problem NotMultipartDicom = new(ProblemKind.Invalid,
        "STOW-RS needs multipart/related; type=\"application/dicom\".",
        "Send each instance as an application/dicom part of a multipart/related body with a boundary.")
    {
        Extensions = new Dictionary<string, object?> { ["header"] = "Content-Type" },
    };

    /// <summary>
    /// A body the multipart reader refused (empty, no closing delimiter, a boundary over 70
    /// characters). The parts before the fault are stored and counted; the request is still a 400,
    /// so the client knows to send the rest again.
    /// </summary>
    public static Problem Malformed(string reason, int stored) =>
        new(ProblemKind.Invalid, "The STOW-RS body is not a valid multipart document.",
            $"{reason} {stored} instance(s) before the fault were stored; send the others again in a well-formed body.")
        {
            Errors = new Dictionary<string, string[]> { ["body"] = [reason] },
            Rule = "multipart-body",
            Extensions = new Dictionary<string, object?> { ["stored"] = stored },
        };

    public static Problem TooLarge(long maxBytes) =>
        new(ProblemKind.TooLarge, "The STOW-RS request is too large.", $"At most {maxBytes} bytes per request.");

    /// <summary>A part without a Content-Type is taken as application/dicom.</summary>
    public static bool IsDicomPart(string? contentType) => (contentType ?? "application/dicom").StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase);

    public static StowFailed NotDicom(int part, string? contentType) => new(null, null, CannotUnderstand, $"Part {part} is {contentType}, not application/dicom.");

    /// <summary>
    /// A stored instance of another study than the one addressed fails (it is stored nonetheless, as
    /// always); one the version holds is stored; any other outcome fails with its error findings.
    /// </summary>
    public static (StowStored? Stored, StowFailed? Failed) Report(StoreOutcome outcome, int part, string? study)
    {
        var record = outcome.Record;
        if (study is not null && record?.StudyInstanceUid is { } uid && uid != study)
        {
            return (null, new StowFailed(record.SopClassUid, record.SopInstanceUid, StudyUidMismatch, $"Part {part} belongs to study {uid}, not {study}."));
        }

        if (outcome.IsInVersion && record?.SopInstanceUid is { } sop)
        {
            return (new StowStored(record.SopClassUid, sop, record.StudyInstanceUid, record.SeriesInstanceUid), null);
        }

        var errors = outcome.Findings.Where(f => f.Severity == DicomFindingSeverity.Error).Select(f => $"{f.Code}: {f.Message}");
        var reason = outcome.Findings.Any(f => f.Code == IngestFindings.NotDicom) ? CannotUnderstand : ProcessingFailure;
        return (null, new StowFailed(record?.SopClassUid, record?.SopInstanceUid, reason, string.Join("; ", errors)));
    }
}
