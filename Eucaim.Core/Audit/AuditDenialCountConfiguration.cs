using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Audit;

internal sealed class AuditDenialCountConfiguration : IEntityTypeConfiguration<AuditDenialCount>
{
    public void Configure(EntityTypeBuilder<AuditDenialCount> builder)
    {
        builder.ToTable(AuditDenials.Table);
        // The window first: the fold reads the oldest closed windows.
        builder.HasKey(d => new { d.WindowStart, d.Actor, d.Route, d.Status });
        builder.Property(d => d.Actor).HasMaxLength(AuditCanonicalForm.MaxActorLength);
        builder.Property(d => d.Route).HasMaxLength(255);
        builder.Property(d => d.ClientAddress).HasMaxLength(64);
    }
}
