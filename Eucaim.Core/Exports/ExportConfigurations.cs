using Eucaim.Core.Exports.Screening;
using Eucaim.Core.Jobs;
using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Exports;

internal sealed class ExportRequestConfiguration : IEntityTypeConfiguration<ExportRequest>
{
    public void Configure(EntityTypeBuilder<ExportRequest> builder)
    {
        builder.ToTable("export_requests");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.TenantSlug).HasMaxLength(TenantRules.MaxSlugLength);
        builder.Property(e => e.Justification).HasMaxLength(4000);
        builder.Property(e => e.Status).HasConversion(new LowercaseEnumConverter<ExportStatus>()).HasMaxLength(20);
        builder.Property(e => e.RequestedBy).HasMaxLength(255);
        builder.Property(e => e.DecidedBy).HasMaxLength(255);
        builder.Property(e => e.DecisionNote).HasMaxLength(4000);
        builder.Property(e => e.OverrideJustification).HasMaxLength(ExportRules.MaxJustificationLength);
        builder.OwnsMany(e => e.Findings, f =>
        {
            f.ToJson("findings");
            f.Property(x => x.Severity).HasConversion(new LowercaseEnumConverter<FindingSeverity>());
        });
        builder.Property(e => e.RowVersion).IsRowVersion();
        builder.HasOne<Job>().WithMany().HasForeignKey(e => e.JobId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.Status, e.RequestedAt });
    }
}
