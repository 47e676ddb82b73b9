using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Audit;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable(AuditChain.Table);
        builder.HasKey(e => e.Seq);
        // Assigned by the appender under the chain lock, never by a sequence.
        builder.Property(e => e.Seq).ValueGeneratedNever();
        builder.Property(e => e.Actor).HasMaxLength(AuditCanonicalForm.MaxActorLength);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Outcome).HasMaxLength(20);
        builder.Property(e => e.TenantSlug).HasMaxLength(63);
        builder.Property(e => e.TargetType).HasMaxLength(50);
        builder.Property(e => e.TargetId).HasMaxLength(255);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.Details).HasColumnType("jsonb");
        builder.Property(e => e.PrevHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(e => new { e.DatasetId, e.Seq }).HasFilter("dataset_id IS NOT NULL");
        builder.HasIndex(e => new { e.Action, e.Seq });
        builder.HasIndex(e => new { e.Actor, e.Seq });
        builder.HasIndex(e => new { e.TenantSlug, e.Seq }).HasFilter("tenant_slug IS NOT NULL");
        builder.HasIndex(e => e.OccurredAt);
    }
}
