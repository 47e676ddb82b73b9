using System.Runtime.CompilerServices;
using System.Text;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Ingest;

/// <summary>
/// The index rows of a batch of stored instances: one multi-row insert per table instead of four
/// statements per instance. Rows go in key order, so concurrent batches lock shared patients,
/// studies and series in the same order and never deadlock on them.
/// </summary>
internal static class DicomIndexRows
{
    /// <summary>An instance to index: what was stored, the ingest file it came from, its place in its pack and, if deflated there, its size in it.</summary>
    public sealed record Stored(StoreOutcome Outcome, (Guid JobId, Guid FileId)? File, string Pack, long PackOffset, long? DeflatedSize);

    /// <summary>Inserts what is new (existing rows are left as they are) and returns the SOP Instance UIDs this call indexed.</summary>
    public static async Task<HashSet<string>> InsertAsync(
        EucaimDbContext db, Guid datasetId, int version, IReadOnlyList<Stored> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = batch.Select(b => b.Outcome.Record!).ToList();
        var patients = records.DistinctBy(r => r.PatientId ?? "").OrderBy(r => r.PatientId ?? "", StringComparer.Ordinal)
            .Select(r => new object?[] { r.PatientId ?? "", r.PatientName, r.PatientBirthDate, r.PatientSex });
        await db.Database.ExecuteSqlAsync(Insert(
            "dicom_patients (dataset_id, version_number, patient_id, patient_name, birth_date, sex)",
            datasetId, version, patients, "ON CONFLICT DO NOTHING"), cancellationToken);

        var studies = records.DistinctBy(r => r.StudyInstanceUid).OrderBy(r => r.StudyInstanceUid, StringComparer.Ordinal)
            .Select(r => new object?[]
            {
                r.StudyInstanceUid, r.PatientId ?? "", r.StudyDate, r.StudyTime, r.StudyDescription, r.StudyId, r.AccessionNumber, r.ReferringPhysicianName,
                DicomIndexRevision.Current,
            });
        await db.Database.ExecuteSqlAsync(Insert(
            "dicom_studies (dataset_id, version_number, study_instance_uid, patient_id, study_date, study_time, study_description, study_id, accession_number, referring_physician_name, index_revision)",
            datasetId, version, studies, "ON CONFLICT DO NOTHING"), cancellationToken);

        var series = records.DistinctBy(r => r.SeriesInstanceUid).OrderBy(r => r.SeriesInstanceUid, StringComparer.Ordinal)
            .Select(r => new object?[]
            {
                r.SeriesInstanceUid, r.StudyInstanceUid, r.Modality, r.SeriesNumber, r.SeriesDescription, r.BodyPartExamined,
                r.PerformedProcedureStepStartDate, r.PerformedProcedureStepStartTime, Fit(r.Manufacturer, 64), DicomIndexRevision.Current,
            });
        await db.Database.ExecuteSqlAsync(Insert(
            "dicom_series (dataset_id, version_number, series_instance_uid, study_instance_uid, modality, series_number, series_description, body_part_examined, performed_procedure_step_start_date, performed_procedure_step_start_time, manufacturer, index_revision)",
            datasetId, version, series, "ON CONFLICT DO NOTHING"), cancellationToken);

        var instances = batch.OrderBy(b => b.Outcome.SopInstanceUid, StringComparer.Ordinal).Select(b =>
        {
            var r = b.Outcome.Record!;
            return new object?[]
            {
                r.SopInstanceUid, r.SeriesInstanceUid, r.StudyInstanceUid, r.SopClassUid, r.InstanceNumber, r.TransferSyntaxUid, r.Rows, r.Columns, r.NumberOfFrames,
                r.ImagePositionPatient?.ToArray(), r.ImageOrientationPatient?.ToArray(), b.Outcome.Path, b.Pack, b.PackOffset, b.DeflatedSize, b.Outcome.Sha256, b.Outcome.Size, b.File?.FileId, b.File?.JobId, now,
            };
        });
        var inserted = await db.Database.SqlQuery<string>(Insert(
            "dicom_instances (dataset_id, version_number, sop_instance_uid, series_instance_uid, study_instance_uid, sop_class_uid, instance_number, transfer_syntax_uid, rows, columns, number_of_frames, image_position_patient, image_orientation_patient, path, pack, pack_offset, deflated_size, sha256, size, ingest_file_id, ingest_job_id, stored_at)",
            datasetId, version, instances, "ON CONFLICT DO NOTHING RETURNING sop_instance_uid AS \"Value\"")).ToListAsync(cancellationToken);
        return inserted.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A LO value is at most 64 characters; a longer one (a non-conformant file) is cut rather than refusing the instance.</summary>
    internal static string? Fit(string? value, int length) => value is { Length: > 0 } v && v.Length > length ? v[..length] : value;

    /// <summary><c>INSERT INTO {table} VALUES (dataset, version, row…), …</c> with every value a parameter.</summary>
    private static FormattableString Insert(string table, Guid datasetId, int version, IEnumerable<object?[]> rows, string tail)
    {
        var args = new List<object?> { datasetId, version };
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" VALUES ");
        var first = true;
        foreach (var row in rows)
        {
            sql.Append(first ? "({0}, {1}" : ", ({0}, {1}");
            first = false;
            foreach (var value in row)
            {
                sql.Append(", {").Append(args.Count).Append('}');
                args.Add(value);
            }

            sql.Append(')');
        }

        return FormattableStringFactory.Create(sql.Append(' ').Append(tail).ToString(), [.. args]);
    }
}
