using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Catalogue;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.HasKey(o => o.Key);
        builder.Property(o => o.Key).HasMaxLength(100);
        builder.Property(o => o.Name).HasMaxLength(300);
    }
}

internal sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        builder.ToTable("datasets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.HasOne(d => d.Organization).WithMany().HasForeignKey(d => d.OrganizationKey).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.SeedKey).HasMaxLength(100);
        builder.HasIndex(d => d.SeedKey).IsUnique();
        builder.Property(d => d.State).HasConversion(CatalogueConversions.Lowercase<DatasetState>()).HasMaxLength(20);
        builder.Property(d => d.CreatedBy).HasMaxLength(255);
        builder.Property(d => d.UpdatedBy).HasMaxLength(255);
        builder.Property(d => d.InvalidatedBy).HasMaxLength(255);
        builder.Property(d => d.InvalidationReason).HasMaxLength(2000);
        builder.Property(d => d.RowVersion).IsRowVersion();
        builder.HasIndex(d => d.OrganizationKey);
        builder.HasMany(d => d.Versions).WithOne().HasForeignKey(v => v.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetVersionConfiguration : IEntityTypeConfiguration<DatasetVersion>
{
    public void Configure(EntityTypeBuilder<DatasetVersion> builder)
    {
        builder.ToTable("dataset_versions", t =>
        {
            t.HasCheckConstraint("ck_dataset_versions_counts",
                "(subjects IS NULL OR subjects >= 0) AND (studies IS NULL OR studies >= 0) AND (size_gb IS NULL OR size_gb >= 0)");
            t.HasCheckConstraint("ck_dataset_versions_published",
                "(status = 'published') = (published_at IS NOT NULL)");
        });
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.HasAlternateKey(v => new { v.DatasetId, v.Number });
        // At most one draft per dataset: "editing a published dataset means a new draft version".
        builder.HasIndex(v => v.DatasetId).IsUnique().HasFilter("status = 'draft'").HasDatabaseName("ix_dataset_versions_one_draft");
        builder.Property(v => v.Status).HasConversion(CatalogueConversions.Lowercase<DatasetVersionStatus>()).HasMaxLength(20);
        builder.Property(v => v.SharingMode).HasConversion(CatalogueConversions.SharingMode()).HasMaxLength(30);
        builder.Property(v => v.Name).HasMaxLength(DatasetMetadataValidator.MaxNameLength);
        builder.Property(v => v.CancerType).HasMaxLength(DatasetMetadataValidator.MaxShortTextLength);
        builder.Property(v => v.CancerTypeKey).HasMaxLength(DatasetMetadataValidator.MaxShortTextLength);
        builder.Property(v => v.Tier).HasMaxLength(10);
        builder.Property(v => v.SexGroup).HasMaxLength(20);
        builder.Property(v => v.SizeGb).HasPrecision(14, 3);
        builder.Property(v => v.CreatedBy).HasMaxLength(255);
        builder.Property(v => v.PublishedBy).HasMaxLength(255);
    }
}

internal sealed class CatalogueEntryConfiguration : IEntityTypeConfiguration<CatalogueEntry>
{
    public void Configure(EntityTypeBuilder<CatalogueEntry> builder)
    {
        builder.ToTable("catalogue_entries").HasStorageParameter("toast_tuple_target", 128);
        builder.HasKey(e => e.DatasetId);
        builder.HasOne<Dataset>().WithOne().HasForeignKey<CatalogueEntry>(e => e.DatasetId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.SharingMode).HasConversion(CatalogueConversions.SharingMode()).HasMaxLength(30);
        builder.Property(e => e.SearchVector).HasComputedColumnSql(
            $"setweight(to_tsvector('{CatalogueProjection.TextSearchConfiguration}', name), 'A') || " +
            $"setweight(to_tsvector('{CatalogueProjection.TextSearchConfiguration}', coalesce(intended_purpose, '')), 'B') || " +
            $"setweight(to_tsvector('{CatalogueProjection.TextSearchConfiguration}', description), 'C')",
            stored: true);
        builder.HasIndex(e => e.SearchVector).HasMethod("gin");
    }
}

internal static class CatalogueConversions
{
    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Lowercase<T>()
        where T : struct, Enum =>
        new(v => v.ToString().ToLowerInvariant(), s => Enum.Parse<T>(s, true));

    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<SharingMode, string> SharingMode() =>
        new(v => v.ToValue(), s => SharingModes.Parse(s)!.Value);
}
