using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Dicom;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Puts DICOM files into a dataset's draft version: integrity check, tag extraction,
/// de-identification check (or de-identification, per the dataset's policy), blob write, index
/// rows. Used by the ingest worker and by STOW-RS, a batch at a time (<see cref="IngestBatch"/>):
/// one query finds the UIDs the version already holds, the new instances are written as one pack
/// (<see cref="DatasetPacks"/>), and the batch's index rows (each instance's range of the pack)
/// and file outcomes are written in one transaction. Idempotent: offering the same file again (a
/// retry, a restarted worker, a copy in the same batch) stores and indexes it once; a different
/// file with a SOP Instance UID the version already holds is rejected and the stored one is left
/// untouched. Each outcome is the one the files would have had offered one after the other, in order.
/// </summary>
public sealed class InstanceStore(EucaimDbContext db, UnitOfWork uow, BlobServiceClient blobs, TimeProvider clock)
{
    private static readonly DicomTagExtractor Extractor = new();

    /// <summary>A file that passed the checks: what it would be once stored, and the bytes to put in the pack (deflated if <paramref name="DeflatedSize"/> is set).</summary>
    private sealed record Candidate(int Index, StoreOutcome Outcome, ArraySegment<byte> Packed, long? DeflatedSize, (Guid JobId, Guid FileId)? File)
    {
        public string SopInstanceUid => Outcome.SopInstanceUid!;
    }

    /// <summary>
    /// Stores <paramref name="offered"/> and returns their outcomes in the same order. The rows of
    /// the ingest files among them say their outcome once this returns; a stored file's row is
    /// written in the transaction of its index rows.
    /// </summary>
    public async Task<IReadOnlyList<StoreOutcome>> StoreBatchAsync(
        Guid datasetId, int version, DatasetIngestPolicy? policy, IReadOnlyList<OfferedInstance> offered, CancellationToken cancellationToken)
    {
        var outcomes = new StoreOutcome[offered.Count];
        var recorded = new bool[offered.Count];
        var candidates = new List<Candidate>();
        for (var i = 0; i < offered.Count; i++)
        {
            var o = offered[i];
            var (outcome, content) = o.Content is null
                ? (new StoreOutcome(IngestFileState.Rejected, o.Refusal ?? []), null)
                : Evaluate(policy, o.Content.Value, o.Source, o.Sha256);
            if (content is null)
            {
                outcomes[i] = outcome;
            }
            else
            {
                // The archive's deflate stream is kept only for the bytes offered: a de-identified copy is new bytes.
                var deflated = content.Value.Array == o.Content!.Value.Array && o.Deflated is { } d && DeflatedInstances.Keep(content.Value.Count, d.Length) ? d : null;
                candidates.Add(new Candidate(i, outcome, deflated ?? content.Value, deflated?.Length, o.File));
            }
        }

        // Each SOP Instance UID once per round; a later copy waits for the next round, where it meets
        // the first as an indexed instance, exactly as if it had come in a later request.
        while (candidates.Count > 0)
        {
            var round = candidates.DistinctBy(c => c.SopInstanceUid, StringComparer.Ordinal).ToList();
            await StoreRoundAsync(datasetId, version, round, outcomes, recorded, cancellationToken);
            candidates = candidates.Except(round).ToList();
        }

        var files = Enumerable.Range(0, offered.Count)
            .Where(i => offered[i].File is not null && !recorded[i])
            .Select(i => (offered[i].File!.Value.FileId, outcomes[i]))
            .ToList();
        if (files.Count > 0)
        {
            await IngestFileOutcomes.UpdateAsync(db, files, clock.GetUtcNow(), cancellationToken);
        }

        return outcomes;
    }

    /// <summary>The checks of one file: a rejection, or what it would be stored as with the bytes to store (de-identified if the policy says so).</summary>
    private static (StoreOutcome Outcome, ArraySegment<byte>? Content) Evaluate(DatasetIngestPolicy? policy, ArraySegment<byte> content, string source, string? sha256)
    {
        var findings = new List<DicomFinding>();
        var integrity = new DicomIntegrityChecker().Check(Readable(content), source);
        findings.AddRange(integrity.Findings);
        if (!integrity.IsDicom)
        {
            if (!findings.Any(f => f.Severity == DicomFindingSeverity.Error))
            {
                findings.Add(IngestFindings.Error(IngestFindings.NotDicom, $"{source} is not a DICOM file."));
            }

            return (new StoreOutcome(IngestFileState.Rejected, findings), null);
        }

        if (integrity.HasErrors)
        {
            return (new StoreOutcome(IngestFileState.Rejected, findings), null);
        }

        var read = DicomReader.ReadHeader(Readable(content));
        var mode = policy?.Mode ?? DeidentificationMode.Report;
        if (mode == DeidentificationMode.Deidentify)
        {
            var deidentifier = new DicomDeidentifier(new DeidentificationOptions
            {
                SiteSecret = policy!.SiteSecret,
                RetainUids = policy.RetainUids,
                DateShiftRangeDays = policy.DateShiftRangeDays,
            });
            using var output = new MemoryStream(content.Count + 1024);
            var result = deidentifier.Deidentify(Readable(content), output);
            findings.AddRange(result.Findings);
            if (!result.Succeeded)
            {
                findings.Add(IngestFindings.Error(IngestFindings.DeidentificationFailed, $"{source} could not be de-identified."));
                return (new StoreOutcome(IngestFileState.Rejected, findings), null);
            }

            content = output.ToArray();
            sha256 = null;
            read = DicomReader.ReadHeader(Readable(content));
        }
        else
        {
            var check = new DeidentificationChecker().Check(read.Dataset);
            findings.AddRange(check.Findings);
            if (mode == DeidentificationMode.Reject && check.HasResidualIdentifyingInformation)
            {
                return (new StoreOutcome(IngestFileState.Rejected, findings), null);
            }
        }

        var record = Extractor.Extract(read);
        foreach (var (name, uid) in new[] { ("StudyInstanceUID", record.StudyInstanceUid), ("SeriesInstanceUID", record.SeriesInstanceUid), ("SOPInstanceUID", record.SopInstanceUid) })
        {
            if (!BlobLayout.IsValidUid(uid))
            {
                findings.Add(IngestFindings.Error(IngestFindings.InvalidUid, $"{name} '{uid}' is missing or not a valid UID (digits and dots, at most 64 characters)."));
                return (new StoreOutcome(IngestFileState.Rejected, findings, record), null);
            }
        }

        sha256 ??= Convert.ToHexStringLower(SHA256.HashData(content));
        var relative = BlobLayout.Datasets.InstanceRelativePath(record.StudyInstanceUid!, record.SeriesInstanceUid!, record.SopInstanceUid!);
        return (new StoreOutcome(IngestFileState.Stored, findings, record, sha256, content.Count, relative), content);
    }

    private static MemoryStream Readable(ArraySegment<byte> content) => new(content.Array!, content.Offset, content.Count, writable: false);

    /// <summary>Candidates with distinct SOP Instance UIDs: set-based existence check, parallel blob writes, one indexing transaction.</summary>
    private async Task StoreRoundAsync(
        Guid datasetId, int version, List<Candidate> round, StoreOutcome[] outcomes, bool[] recorded, CancellationToken cancellationToken)
    {
        var existing = await ExistingAsync(datasetId, version, round.Select(c => c.SopInstanceUid).ToList(), cancellationToken);
        var fresh = new List<Candidate>();
        foreach (var c in round)
        {
            if (existing.TryGetValue(c.SopInstanceUid, out var held))
            {
                outcomes[c.Index] = Compare(held, c.Outcome, c.File);
            }
            else
            {
                fresh.Add(c);
            }
        }

        if (fresh.Count == 0)
        {
            return;
        }

        if (!await IsDraftAsync(datasetId, version, cancellationToken))
        {
            foreach (var c in fresh)
            {
                outcomes[c.Index] = Rejected(c.Outcome, IngestFindings.Error(IngestFindings.VersionNotDraft, $"Version {version} is no longer a draft: published versions never change."));
            }

            return;
        }

        var pack = await DatasetPacks.WriteAsync(db, blobs, datasetId, version, fresh.Select(c => c.Packed).ToList(), clock.GetUtcNow(), cancellationToken);
        foreach (var (index, outcome, inTransaction) in await IndexAsync(datasetId, version, fresh, pack, cancellationToken))
        {
            outcomes[index] = outcome;
            recorded[index] = inTransaction;
        }
    }

    private static StoreOutcome Rejected(StoreOutcome offered, DicomFinding error) =>
        offered with { State = IngestFileState.Rejected, Findings = offered.Findings.Append(error).ToList() };

    private static StoreOutcome Compare((string Sha256, Guid? FileId) existing, StoreOutcome offered, (Guid JobId, Guid FileId)? file)
    {
        if (existing.Sha256 != offered.Sha256)
        {
            return Rejected(offered, IngestFindings.Error(IngestFindings.DuplicateSopInstanceUid,
                $"SOP Instance UID {offered.SopInstanceUid} is already stored in this version with different content; the stored instance is kept."));
        }

        // The same file again: ours from an interrupted run (already recorded), or an identical copy.
        if (file is { } f && existing.FileId == f.FileId)
        {
            return offered;
        }

        var duplicate = offered.Findings.Append(new DicomFinding(IngestFindings.DuplicateSopInstanceUid, DicomFindingSeverity.Warning, null,
            $"An identical copy of SOP Instance UID {offered.SopInstanceUid} is already stored in this version; skipped.")).ToList();
        return offered with { State = file is null ? IngestFileState.Stored : IngestFileState.Duplicate, Findings = duplicate };
    }

    private async Task<Dictionary<string, (string Sha256, Guid? FileId)>> ExistingAsync(
        Guid datasetId, int version, List<string> sopUids, CancellationToken cancellationToken)
    {
        var rows = await db.DicomInstances.AsNoTracking()
            .Where(i => i.DatasetId == datasetId && i.VersionNumber == version && sopUids.Contains(i.SopInstanceUid))
            .Select(i => new { i.SopInstanceUid, i.Sha256, i.IngestFileId })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.SopInstanceUid, r => (r.Sha256, r.IngestFileId), StringComparer.Ordinal);
    }

    private Task<bool> IsDraftAsync(Guid datasetId, int version, CancellationToken cancellationToken) =>
        db.DatasetVersions.AnyAsync(v => v.DatasetId == datasetId && v.Number == version && v.Status == Catalogue.DatasetVersionStatus.Draft, cancellationToken);

    /// <summary>
    /// One transaction: the batch's index rows and its files' outcomes together, or none. Returns
    /// each candidate's outcome and whether its file row was written in the transaction.
    /// </summary>
    private async Task<List<(int Index, StoreOutcome Outcome, bool InTransaction)>> IndexAsync(
        Guid datasetId, int version, List<Candidate> batch, PendingPack pack, CancellationToken cancellationToken)
    {
        var indexed = await uow.RunAsync<List<(int, StoreOutcome, bool)>>(async (scope, ct) =>
        {
            // FOR SHARE: publication (which updates the version row) waits for these instances to be indexed or not.
            var draft = await db.Database.SqlQuery<int>(
                $"SELECT 1 AS \"Value\" FROM dataset_versions WHERE dataset_id = {datasetId} AND number = {version} AND status = 'draft' FOR SHARE").ToListAsync(ct);
            if (draft.Count == 0)
            {
                await DatasetPacks.AbandonAsync(db, pack, scope.Now, ct);
                return batch.Select(c => (c.Index, Rejected(c.Outcome, IngestFindings.Error(IngestFindings.VersionNotDraft, $"Version {version} was published meanwhile.")), false)).ToList();
            }

            var rows = batch.Select((c, i) => new DicomIndexRows.Stored(c.Outcome, c.File, pack.RelativePath, pack.Offsets[i], c.DeflatedSize)).ToList();
            var inserted = await DicomIndexRows.InsertAsync(db, datasetId, version, rows, scope.Now, ct);
            if (inserted.Count == 0)
            {
                await DatasetPacks.AbandonAsync(db, pack, scope.Now, ct);
            }
            else if (!await DatasetPacks.ClaimAsync(db, pack, scope.Now, ct))
            {
                // Rolled back: the caller's retry stores the batch again, in a new pack.
                throw new InvalidOperationException($"The pack {pack.RelativePath} waited longer than {DatasetPacks.Grace - DatasetPacks.ClaimMargin} for its index rows; it is left to the sweeper.");
            }

            var lost = batch.Where(c => !inserted.Contains(c.SopInstanceUid)).ToList();
            // Another request indexed these UIDs between our check and now.
            var others = lost.Count == 0 ? [] : await ExistingAsync(datasetId, version, lost.Select(c => c.SopInstanceUid).ToList(), ct);
            var results = batch.Select(c => (c.Index, Outcome: inserted.Contains(c.SopInstanceUid) ? c.Outcome : Compare(others[c.SopInstanceUid], c.Outcome, c.File), c.File)).ToList();
            var files = results.Where(r => r.File is not null).Select(r => (r.File!.Value.FileId, r.Outcome)).ToList();
            if (files.Count > 0)
            {
                await IngestFileOutcomes.UpdateAsync(db, files, clock.GetUtcNow(), ct);
            }

            return results.Select(r => (r.Index, r.Outcome, r.File is not null)).ToList();
        }, cancellationToken);
        return indexed.Value ?? throw new InvalidOperationException("Indexing instances is never refused.");
    }
}
