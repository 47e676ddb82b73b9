using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Access;

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> builder)
    {
        builder.ToTable("access_requests", t => t.HasCheckConstraint("ck_access_requests_days", "requested_days > 0"));
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TenantSlug).HasMaxLength(63);
        builder.Property(r => r.RequesterSubject).HasMaxLength(255);
        builder.Property(r => r.RequesterName).HasMaxLength(255);
        builder.Property(r => r.Title).HasMaxLength(AccessRules.MaxTitleLength);
        builder.Property(r => r.Purpose).HasMaxLength(AccessRules.MaxPurposeLength);
        builder.Property(r => r.IntendedUse).HasMaxLength(AccessRules.MaxPurposeLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.RowVersion).IsRowVersion();
        builder.HasIndex(r => new { r.TenantId, r.CreatedAt });
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasMany(r => r.Datasets).WithOne().HasForeignKey(d => d.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Decisions).WithOne().HasForeignKey(d => d.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Comments).WithOne().HasForeignKey(c => c.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccessRequestDatasetConfiguration : IEntityTypeConfiguration<AccessRequestDataset>
{
    public void Configure(EntityTypeBuilder<AccessRequestDataset> builder)
    {
        builder.ToTable("access_request_datasets");
        builder.HasKey(d => new { d.AccessRequestId, d.DatasetId });
        builder.Property(d => d.DatasetName).HasMaxLength(500);
        builder.Property(d => d.OrganizationKey).HasMaxLength(100);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(d => d.DatasetId);
        builder.HasIndex(d => d.OrganizationKey);
        builder.HasOne<Catalogue.Dataset>().WithMany().HasForeignKey(d => d.DatasetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AccessDecisionConfiguration : IEntityTypeConfiguration<AccessDecision>
{
    public void Configure(EntityTypeBuilder<AccessDecision> builder)
    {
        builder.ToTable("access_decisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Party).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.DeciderSubject).HasMaxLength(255);
        builder.Property(d => d.Comment).HasMaxLength(AccessRules.MaxCommentLength);
        builder.Property(d => d.Conditions).HasMaxLength(2000);
        // One decision per party and dataset: of two concurrent deciders, exactly one commits.
        builder.HasIndex(d => new { d.AccessRequestId, d.DatasetId, d.Party }).IsUnique();
    }
}

internal sealed class AccessRequestCommentConfiguration : IEntityTypeConfiguration<AccessRequestComment>
{
    public void Configure(EntityTypeBuilder<AccessRequestComment> builder)
    {
        builder.ToTable("access_request_comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.AuthorSubject).HasMaxLength(255);
        builder.Property(c => c.AuthorName).HasMaxLength(255);
        builder.Property(c => c.AuthorRole).HasMaxLength(20);
        builder.Property(c => c.Body).HasMaxLength(AccessRules.MaxCommentLength);
        builder.HasIndex(c => new { c.AccessRequestId, c.CreatedAt });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.Property(n => n.Recipient).HasMaxLength(300);
        builder.Property(n => n.Kind).HasMaxLength(100);
        builder.Property(n => n.Message).HasMaxLength(1000);
        builder.HasIndex(n => new { n.Recipient, n.Id });
    }
}

internal sealed class NotificationReadConfiguration : IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<NotificationRead> builder)
    {
        builder.ToTable("notification_reads");
        builder.HasKey(r => new { r.NotificationId, r.Subject });
        builder.Property(r => r.Subject).HasMaxLength(255);
        builder.HasOne<Notification>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DatasetAccessPolicyConfiguration : IEntityTypeConfiguration<DatasetAccessPolicy>
{
    public void Configure(EntityTypeBuilder<DatasetAccessPolicy> builder)
    {
        builder.ToTable("dataset_access_policies");
        builder.HasKey(p => p.DatasetId);
        builder.Property(p => p.UpdatedBy).HasMaxLength(255);
        builder.Property(p => p.SmallCellThreshold).HasDefaultValue(DatasetAccessPolicy.DefaultSmallCellThreshold);
        builder.HasOne<Catalogue.Dataset>().WithOne().HasForeignKey<DatasetAccessPolicy>(p => p.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VisaSigningKeyConfiguration : IEntityTypeConfiguration<VisaSigningKey>
{
    public void Configure(EntityTypeBuilder<VisaSigningKey> builder)
    {
        builder.ToTable("visa_signing_keys");
        builder.HasKey(k => k.Purpose);
        builder.Property(k => k.Purpose).HasMaxLength(50);
        builder.Property(k => k.KeyId).HasMaxLength(100);
        builder.Property(k => k.Algorithm).HasMaxLength(10);
        builder.HasIndex(k => k.KeyId).IsUnique();
    }
}
