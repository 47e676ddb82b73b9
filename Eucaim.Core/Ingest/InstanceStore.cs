using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Dicom;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// Puts one DICOM file into a dataset's draft version: integrity check, tag extraction,
/// de-identification check (or de-identification, per the dataset's policy), blob write under
/// <see cref="DatasetBlobLayout"/>, index rows. Used by the ingest worker and by STOW-RS.
/// Idempotent: offering the same file again (a retry, a restarted worker) stores and indexes it
/// once; a different file with a SOP Instance UID the version already holds is rejected and the
/// stored one is left untouched.
/// </summary>
public sealed class InstanceStore(EucaimDbContext db, UnitOfWork uow, BlobServiceClient blobs, TimeProvider clock)
{
    private const string Sha256Metadata = "sha256";

    private static readonly DicomTagExtractor Extractor = new();

    /// <param name="file">The ingest file being processed; its row is updated in the same transaction as the index.</param>
    public async Task<StoreOutcome> StoreAsync(
        Guid datasetId, int version, DatasetIngestPolicy? policy, byte[] content, string source,
        (Guid JobId, Guid FileId)? file, CancellationToken cancellationToken)
    {
        var outcome = await EvaluateAsync(datasetId, version, policy, content, source, file, cancellationToken);
        if (file is { } f && outcome.State is IngestFileState.Rejected or IngestFileState.Duplicate)
        {
            await RecordFileAsync(f.FileId, outcome, cancellationToken);
        }

        return outcome;
    }

    private async Task<StoreOutcome> EvaluateAsync(
        Guid datasetId, int version, DatasetIngestPolicy? policy, byte[] content, string source,
        (Guid JobId, Guid FileId)? file, CancellationToken cancellationToken)
    {
        var findings = new List<DicomFinding>();
        var integrity = new DicomIntegrityChecker().Check(new MemoryStream(content, writable: false), source);
        findings.AddRange(integrity.Findings);
        if (!integrity.IsDicom)
        {
            if (!findings.Any(f => f.Severity == DicomFindingSeverity.Error))
            {
                findings.Add(IngestFindings.Error(IngestFindings.NotDicom, $"{source} is not a DICOM file."));
            }

            return new StoreOutcome(IngestFileState.Rejected, findings);
        }

        if (integrity.HasErrors)
        {
            return new StoreOutcome(IngestFileState.Rejected, findings);
        }

        var read = DicomReader.ReadHeader(new MemoryStream(content, writable: false));
        var mode = policy?.Mode ?? DeidentificationMode.Report;
        if (mode == DeidentificationMode.Deidentify)
        {
            var deidentifier = new DicomDeidentifier(new DeidentificationOptions
            {
                SiteSecret = policy!.SiteSecret,
                RetainUids = policy.RetainUids,
                DateShiftRangeDays = policy.DateShiftRangeDays,
            });
            using var output = new MemoryStream(content.Length + 1024);
            var result = deidentifier.Deidentify(new MemoryStream(content, writable: false), output);
            findings.AddRange(result.Findings);
            if (!result.Succeeded)
            {
                findings.Add(IngestFindings.Error(IngestFindings.DeidentificationFailed, $"{source} could not be de-identified."));
                return new StoreOutcome(IngestFileState.Rejected, findings);
            }

            content = output.ToArray();
            read = DicomReader.ReadHeader(new MemoryStream(content, writable: false));
        }
        else
        {
            var check = new DeidentificationChecker().Check(read.Dataset);
            findings.AddRange(check.Findings);
            if (mode == DeidentificationMode.Reject && check.HasResidualIdentifyingInformation)
            {
                return new StoreOutcome(IngestFileState.Rejected, findings);
            }
        }

        var record = Extractor.Extract(read);
        foreach (var (name, uid) in new[] { ("StudyInstanceUID", record.StudyInstanceUid), ("SeriesInstanceUID", record.SeriesInstanceUid), ("SOPInstanceUID", record.SopInstanceUid) })
        {
            if (!BlobLayout.IsValidUid(uid))
            {
                findings.Add(IngestFindings.Error(IngestFindings.InvalidUid, $"{name} '{uid}' is missing or not a valid UID (digits and dots, at most 64 characters)."));
                return new StoreOutcome(IngestFileState.Rejected, findings, record);
            }
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var relative = BlobLayout.Datasets.InstanceRelativePath(record.StudyInstanceUid!, record.SeriesInstanceUid!, record.SopInstanceUid!);
        var stored = new StoreOutcome(IngestFileState.Stored, findings, record, sha256, content.Length, relative);

        if (await ExistingAsync(datasetId, version, record.SopInstanceUid!, cancellationToken) is { } existing)
        {
            return Compare(existing, stored, file);
        }

        if (!await IsDraftAsync(datasetId, version, cancellationToken))
        {
            findings.Add(IngestFindings.Error(IngestFindings.VersionNotDraft, $"Version {version} is no longer a draft: published versions never change."));
            return stored with { State = IngestFileState.Rejected };
        }

        if (!await WriteBlobAsync(BlobLayout.Datasets.VersionPrefix(datasetId, version) + relative, content, sha256, cancellationToken))
        {
            findings.Add(IngestFindings.Error(IngestFindings.DuplicateSopInstanceUid,
                $"SOP Instance UID {record.SopInstanceUid} is already stored in this version with different content; the stored instance is kept."));
            return stored with { State = IngestFileState.Rejected };
        }

        return await IndexAsync(datasetId, version, stored, file, cancellationToken);
    }

    private static StoreOutcome Compare((string Sha256, Guid? FileId) existing, StoreOutcome offered, (Guid JobId, Guid FileId)? file)
    {
        if (existing.Sha256 != offered.Sha256)
        {
            var findings = offered.Findings.Append(IngestFindings.Error(IngestFindings.DuplicateSopInstanceUid,
                $"SOP Instance UID {offered.SopInstanceUid} is already stored in this version with different content; the stored instance is kept.")).ToList();
            return offered with { State = IngestFileState.Rejected, Findings = findings };
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

    private async Task<(string Sha256, Guid? FileId)?> ExistingAsync(Guid datasetId, int version, string sopUid, CancellationToken cancellationToken)
    {
        var row = await db.DicomInstances.AsNoTracking()
            .Where(i => i.DatasetId == datasetId && i.VersionNumber == version && i.SopInstanceUid == sopUid)
            .Select(i => new { i.Sha256, i.IngestFileId })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Sha256, row.IngestFileId);
    }

    private Task<bool> IsDraftAsync(Guid datasetId, int version, CancellationToken cancellationToken) =>
        db.DatasetVersions.AnyAsync(v => v.DatasetId == datasetId && v.Number == version && v.Status == Catalogue.DatasetVersionStatus.Draft, cancellationToken);

    /// <summary>
    /// Writes only where nothing is: a blob already there with the same SHA-256 is this file from an
    /// interrupted run. False when a different file holds the name.
    /// </summary>
    private async Task<bool> WriteBlobAsync(string name, byte[] content, string sha256, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(BlobContainers.Datasets).GetBlobClient(name);
        try
        {
            await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/dicom" },
                Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha256 },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.Metadata.TryGetValue(Sha256Metadata, out var existing) && existing == sha256;
        }
    }

    private async Task<StoreOutcome> IndexAsync(Guid datasetId, int version, StoreOutcome stored, (Guid JobId, Guid FileId)? file, CancellationToken cancellationToken)
    {
        var r = stored.Record!;
        // One transaction: the index rows and the file's outcome together, or neither.
        var indexed = await uow.RunAsync<StoreOutcome>(async (scope, ct) =>
        {
            var now = scope.Now;
            // FOR SHARE: publication (which updates the version row) waits for this instance to be indexed or not.
            var draft = await db.Database.SqlQuery<int>(
                $"SELECT 1 AS \"Value\" FROM dataset_versions WHERE dataset_id = {datasetId} AND number = {version} AND status = 'draft' FOR SHARE").ToListAsync(ct);
            if (draft.Count == 0)
            {
                var findings = stored.Findings.Append(IngestFindings.Error(IngestFindings.VersionNotDraft, $"Version {version} was published meanwhile.")).ToList();
                return stored with { State = IngestFileState.Rejected, Findings = findings };
            }

            var patientId = r.PatientId ?? "";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dicom_patients (dataset_id, version_number, patient_id, patient_name, birth_date, sex)
                VALUES ({datasetId}, {version}, {patientId}, {r.PatientName}, {r.PatientBirthDate}, {r.PatientSex})
                ON CONFLICT DO NOTHING
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dicom_studies (dataset_id, version_number, study_instance_uid, patient_id, study_date, study_time, study_description, study_id, accession_number,
                    referring_physician_name, index_revision)
                VALUES ({datasetId}, {version}, {r.StudyInstanceUid}, {patientId}, {r.StudyDate}, {r.StudyTime}, {r.StudyDescription}, {r.StudyId}, {r.AccessionNumber},
                    {r.ReferringPhysicianName}, {DicomIndexRevision.Current})
                ON CONFLICT DO NOTHING
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dicom_series (dataset_id, version_number, series_instance_uid, study_instance_uid, modality, series_number, series_description, body_part_examined,
                    performed_procedure_step_start_date, performed_procedure_step_start_time, index_revision)
                VALUES ({datasetId}, {version}, {r.SeriesInstanceUid}, {r.StudyInstanceUid}, {r.Modality}, {r.SeriesNumber}, {r.SeriesDescription}, {r.BodyPartExamined},
                    {r.PerformedProcedureStepStartDate}, {r.PerformedProcedureStepStartTime}, {DicomIndexRevision.Current})
                ON CONFLICT DO NOTHING
                """, ct);
            var position = r.ImagePositionPatient?.ToArray();
            var orientation = r.ImageOrientationPatient?.ToArray();
            var inserted = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dicom_instances (dataset_id, version_number, sop_instance_uid, series_instance_uid, study_instance_uid, sop_class_uid,
                    instance_number, transfer_syntax_uid, rows, columns, number_of_frames, image_position_patient, image_orientation_patient,
                    path, sha256, size, ingest_file_id, ingest_job_id, stored_at)
                VALUES ({datasetId}, {version}, {r.SopInstanceUid}, {r.SeriesInstanceUid}, {r.StudyInstanceUid}, {r.SopClassUid},
                    {r.InstanceNumber}, {r.TransferSyntaxUid}, {r.Rows}, {r.Columns}, {r.NumberOfFrames}, {position}, {orientation},
                    {stored.Path}, {stored.Sha256}, {stored.Size}, {file?.FileId}, {file?.JobId}, {now})
                ON CONFLICT DO NOTHING
                """, ct);
            var outcome = stored;
            if (inserted == 0)
            {
                // Another request indexed the same UID between our check and now.
                var existing = await ExistingAsync(datasetId, version, r.SopInstanceUid!, ct);
                outcome = Compare(existing!.Value, stored, file);
            }

            if (file is { } f)
            {
                await UpdateFileAsync(f.FileId, outcome, ct);
            }

            return outcome;
        }, cancellationToken);
        return indexed.Value ?? throw new InvalidOperationException("Indexing an instance is never refused.");
    }

    /// <summary>Records a file refused before it could be read (too large, missing from its archive).</summary>
    public Task RejectAsync(Guid fileId, IReadOnlyList<DicomFinding> findings, CancellationToken cancellationToken) =>
        UpdateFileAsync(fileId, new StoreOutcome(IngestFileState.Rejected, findings), cancellationToken);

    private Task RecordFileAsync(Guid fileId, StoreOutcome outcome, CancellationToken cancellationToken) =>
        UpdateFileAsync(fileId, outcome, cancellationToken);

    private Task<int> UpdateFileAsync(Guid fileId, StoreOutcome outcome, CancellationToken cancellationToken)
    {
        var state = outcome.State.ToString();
        var findings = IngestFindings.ToJson(outcome.Findings);
        var now = clock.GetUtcNow();
        return db.Database.ExecuteSqlAsync($"""
            UPDATE ingest_files SET state = {state}, sop_instance_uid = {outcome.SopInstanceUid}, sha256 = {outcome.Sha256},
                size = {(outcome.Sha256 is null ? null : outcome.Size)}, findings = {findings}::jsonb, done_at = {now}
            WHERE id = {fileId}
            """, cancellationToken);
    }
}
