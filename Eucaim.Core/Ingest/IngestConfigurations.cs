using Eucaim.Core.Catalogue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Ingest;

internal sealed class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> builder)
    {
        builder.ToTable("uploads", t => t.HasCheckConstraint("ck_uploads_offset", "upload_offset >= 0 AND upload_offset <= length"));
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Offset).HasColumnName("upload_offset");
        builder.Property(u => u.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.OrganizationKey).HasMaxLength(100);
        builder.Property(u => u.FileName).HasMaxLength(1000);
        // Decoded from Upload-Metadata, which is at most as long: it always fits.
        builder.Property(u => u.OriginalFileName).HasMaxLength(8000);
        builder.Property(u => u.Metadata).HasMaxLength(8000);
        builder.Property(u => u.DeclaredSha256).HasMaxLength(64);
        builder.Property(u => u.Sha256).HasMaxLength(64);
        builder.Property(u => u.FailureReason).HasMaxLength(2000);
        builder.Property(u => u.IdempotencyKey).HasMaxLength(255);
        builder.Property(u => u.CreatedBy).HasMaxLength(255);
        builder.Ignore(u => u.BlobName);
        // Retries of one creation carry the same key: the unique index makes exactly one of them win.
        builder.HasIndex(u => new { u.CreatedBy, u.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        builder.HasIndex(u => u.IngestId);
        builder.HasIndex(u => u.ExpiresAt).HasFilter("state = 'Receiving'");
        builder.HasOne<Dataset>().WithMany().HasForeignKey(u => u.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IngestJob>().WithMany().HasForeignKey(u => u.IngestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IngestJobConfiguration : IEntityTypeConfiguration<IngestJob>
{
    public void Configure(EntityTypeBuilder<IngestJob> builder)
    {
        builder.ToTable("ingest_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.OrganizationKey).HasMaxLength(100);
        builder.Property(j => j.LeasedBy).HasMaxLength(255);
        builder.Property(j => j.Report).HasColumnType("jsonb");
        builder.Property(j => j.FailureReason).HasMaxLength(2000);
        builder.Property(j => j.CreatedBy).HasMaxLength(255);
        builder.HasIndex(j => new { j.State, j.QueuedAt });
        builder.HasIndex(j => new { j.DatasetId, j.VersionNumber });
        builder.HasOne<Dataset>().WithMany().HasForeignKey(j => j.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IngestFileConfiguration : IEntityTypeConfiguration<IngestFile>
{
    public void Configure(EntityTypeBuilder<IngestFile> builder)
    {
        builder.ToTable("ingest_files");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.EntryName).HasMaxLength(1000);
        builder.Property(f => f.DisplayName).HasMaxLength(2000);
        builder.Property(f => f.SopInstanceUid).HasMaxLength(64);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.Findings).HasColumnType("jsonb");
        // Unpacking twice (a worker killed while unpacking) adds no second row.
        builder.HasIndex(f => new { f.JobId, f.UploadId, f.EntryName }).IsUnique();
        builder.HasIndex(f => new { f.JobId, f.State });
        builder.HasOne<IngestJob>().WithMany().HasForeignKey(f => f.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetIngestPolicyConfiguration : IEntityTypeConfiguration<DatasetIngestPolicy>
{
    public void Configure(EntityTypeBuilder<DatasetIngestPolicy> builder)
    {
        builder.ToTable("dataset_ingest_policies");
        builder.HasKey(p => p.DatasetId);
        builder.Property(p => p.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.UpdatedBy).HasMaxLength(255);
        builder.HasOne<Dataset>().WithOne().HasForeignKey<DatasetIngestPolicy>(p => p.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndexedPatientConfiguration : IEntityTypeConfiguration<IndexedPatient>
{
    public void Configure(EntityTypeBuilder<IndexedPatient> builder)
    {
        builder.ToTable("dicom_patients");
        builder.HasKey(p => new { p.DatasetId, p.VersionNumber, p.PatientId });
        builder.Property(p => p.PatientId).HasMaxLength(64);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(p => p.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndexedStudyConfiguration : IEntityTypeConfiguration<IndexedStudy>
{
    public void Configure(EntityTypeBuilder<IndexedStudy> builder)
    {
        builder.ToTable("dicom_studies");
        builder.HasKey(s => new { s.DatasetId, s.VersionNumber, s.StudyInstanceUid });
        builder.Property(s => s.StudyInstanceUid).HasMaxLength(64);
        builder.Property(s => s.PatientId).HasMaxLength(64);
        builder.HasIndex(s => s.IndexRevision);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndexedSeriesConfiguration : IEntityTypeConfiguration<IndexedSeries>
{
    public void Configure(EntityTypeBuilder<IndexedSeries> builder)
    {
        builder.ToTable("dicom_series");
        builder.HasKey(s => new { s.DatasetId, s.VersionNumber, s.SeriesInstanceUid });
        builder.Property(s => s.SeriesInstanceUid).HasMaxLength(64);
        builder.Property(s => s.StudyInstanceUid).HasMaxLength(64);
        builder.Property(s => s.Modality).HasMaxLength(16);
        builder.Property(s => s.Manufacturer).HasMaxLength(64);
        builder.HasIndex(s => new { s.DatasetId, s.VersionNumber, s.StudyInstanceUid });
        builder.HasIndex(s => s.IndexRevision);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(s => s.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndexedInstanceConfiguration : IEntityTypeConfiguration<IndexedInstance>
{
    public void Configure(EntityTypeBuilder<IndexedInstance> builder)
    {
        builder.ToTable("dicom_instances", t =>
        {
            t.HasCheckConstraint("ck_dicom_instances_pack", "(pack IS NULL) = (pack_offset IS NULL) AND (pack_offset IS NULL OR pack_offset >= 0)");
            t.HasCheckConstraint("ck_dicom_instances_deflated", "deflated_size IS NULL OR (pack IS NOT NULL AND deflated_size > 0)");
        });
        builder.HasKey(i => new { i.DatasetId, i.VersionNumber, i.SopInstanceUid });
        builder.Property(i => i.SopInstanceUid).HasMaxLength(64);
        builder.Property(i => i.SeriesInstanceUid).HasMaxLength(64);
        builder.Property(i => i.StudyInstanceUid).HasMaxLength(64);
        builder.Property(i => i.SopClassUid).HasMaxLength(64);
        builder.Property(i => i.TransferSyntaxUid).HasMaxLength(64);
        builder.Property(i => i.Path).HasMaxLength(300);
        builder.Property(i => i.Pack).HasMaxLength(100);
        builder.Property(i => i.Sha256).HasMaxLength(64);
        builder.HasIndex(i => new { i.DatasetId, i.VersionNumber, i.StudyInstanceUid, i.SeriesInstanceUid });
        builder.HasIndex(i => i.IngestJobId);
        builder.HasOne<Dataset>().WithMany().HasForeignKey(i => i.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}
