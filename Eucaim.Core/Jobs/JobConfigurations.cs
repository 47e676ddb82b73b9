using System.Text.Json;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Jobs;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs", t => t.HasCheckConstraint("ck_jobs_runtime", "max_runtime_minutes > 0 AND gpu_count >= 0"));
        builder.HasKey(j => j.Id);
        builder.Property(j => j.TenantSlug).HasMaxLength(TenantRules.MaxSlugLength);
        builder.Property(j => j.Name).HasMaxLength(JobRules.MaxNameLength);
        builder.Property(j => j.Image).HasMaxLength(500);
        builder.Property(j => j.ImageDigest).HasMaxLength(100);
        builder.Property(j => j.Flavor).HasMaxLength(63);
        builder.Property(j => j.Status).HasConversion(new LowercaseEnumConverter<JobStatus>()).HasMaxLength(20);
        builder.Property(j => j.Reason).HasMaxLength(2000);
        builder.Property(j => j.StopReason).HasMaxLength(200);
        builder.Property(j => j.SubmittedBy).HasMaxLength(255);
        builder.Property(j => j.CancelRequestedBy).HasMaxLength(255);
        builder.Property(j => j.BackendHandle).HasMaxLength(500);
        builder.Property(j => j.LogCursor).HasMaxLength(100);
        builder.Property(j => j.StagingTokenHash).HasMaxLength(64);
        builder.Property(j => j.Environment).HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>(),
            new ValueComparer<Dictionary<string, string>>(
                (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(StringComparison.Ordinal),
                v => new Dictionary<string, string>(v)));
        builder.OwnsMany(j => j.Datasets, d =>
        {
            d.ToJson("datasets");
            d.Property(x => x.MountName).HasMaxLength(64);
            d.Ignore(x => x.PathVariable);
        });
        builder.Property(j => j.RowVersion).IsRowVersion();
        builder.HasIndex(j => new { j.Status, j.SubmittedAt });
        builder.HasIndex(j => new { j.TenantId, j.SubmittedAt });
    }
}

internal sealed class JobImageConfiguration : IEntityTypeConfiguration<JobImage>
{
    /// <summary>The built-in sample job, allow-listed from the start so a new user can run it at once.</summary>
    public const string SampleJobReference = "eucaim/sample-job:1.0";

    /// <summary>The built-in federated validation sample (the sample job's <c>validate</c> mode), run at nodes.</summary>
    public const string FederatedValidationReference = "eucaim/federated-validation:1.0";

    /// <summary>The built-in federated training sample (the sample job's <c>train</c> mode), run at nodes each round.</summary>
    public const string FederatedTrainingReference = "eucaim/federated-training:1.0";

    /// <summary>The platform's FedAvg aggregator (the sample job's <c>fedavg</c> mode), run in a training's tenant after each round.</summary>
    public const string FederatedAveragingReference = "eucaim/fedavg:1.0";

    public void Configure(EntityTypeBuilder<JobImage> builder)
    {
        builder.ToTable("job_images");
        builder.HasKey(i => i.Reference);
        builder.Property(i => i.Reference).HasMaxLength(JobImageRules.MaxReferenceLength);
        builder.Property(i => i.Digest).HasMaxLength(100);
        builder.Property(i => i.Description).HasMaxLength(JobImageRules.MaxDescriptionLength);
        builder.Property(i => i.CreatedBy).HasMaxLength(255);
        builder.HasData(new JobImage
        {
            Reference = SampleJobReference,
            Description = "Built-in sample: summarises a granted dataset's DICOM files (instances per modality and series, image sizes).",
            CreatedAt = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
            CreatedBy = "platform",
        }, new JobImage
        {
            Reference = FederatedValidationReference,
            Description = "Built-in federated validation sample: predicts Patient's Sex from DICOM header features with a fixed rule and reports accuracy, AUC, F1, sensitivity and specificity against the PatientSex tags.",
            CreatedAt = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero),
            CreatedBy = "platform",
        }, new JobImage
        {
            Reference = FederatedTrainingReference,
            Description = "Built-in federated training sample: a logistic model of Patient's Sex from an image feature and the age, trained at each node from the global weights; only the weights, the sample count and declared metrics leave the node.",
            CreatedAt = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero),
            CreatedBy = "platform",
        }, new JobImage
        {
            Reference = FederatedAveragingReference,
            Description = "The platform's FedAvg aggregator: averages a training round's contributions weighted by sample count, in the training's tenant; writes round-N/global-weights.json and round-N/metrics.json.",
            CreatedAt = new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero),
            CreatedBy = "platform",
        });
    }
}

internal sealed class JobLogChunkConfiguration : IEntityTypeConfiguration<JobLogChunk>
{
    public void Configure(EntityTypeBuilder<JobLogChunk> builder)
    {
        builder.ToTable("job_log_chunks");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.JobId, c.Sequence }).IsUnique();
        builder.HasOne<Job>().WithMany().HasForeignKey(c => c.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
