using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Access;

internal sealed class GrantConfiguration : IEntityTypeConfiguration<Grant>
{
    public void Configure(EntityTypeBuilder<Grant> builder)
    {
        builder.ToTable("grants", t =>
        {
            t.HasCheckConstraint("ck_grants_period", "valid_until > valid_from");
            t.HasCheckConstraint("ck_grants_version", "version IS NULL OR version > 0");
        });
        builder.HasKey(g => g.Id);
        builder.Property(g => g.TenantSlug).HasMaxLength(63);
        builder.Property(g => g.Conditions).HasMaxLength(4000);
        builder.Property(g => g.RevokedBy).HasMaxLength(255);
        builder.Property(g => g.RevocationReason).HasMaxLength(2000);
        builder.Property(g => g.CreatedBy).HasMaxLength(255);
        builder.Property(g => g.RowVersion).IsRowVersion();
        builder.HasIndex(g => new { g.TenantId, g.DatasetId });
        builder.HasIndex(g => g.DatasetId);
        builder.HasIndex(g => g.AccessRequestId);
        // The sweeper looks only at grants that ended by time and were not yet announced.
        builder.HasIndex(g => g.ValidUntil).HasFilter("revoked_at IS NULL AND expired_at IS NULL");
        // No foreign key to tenants: a grant stays on record after its tenant is deleted. Datasets
        // are deleted only while never published, so a granted dataset always exists.
        builder.HasOne<Catalogue.Dataset>().WithMany().HasForeignKey(g => g.DatasetId).OnDelete(DeleteBehavior.Restrict);
    }
}
