using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Storage;

internal sealed class BlobSweepConfiguration : IEntityTypeConfiguration<BlobSweep>
{
    public void Configure(EntityTypeBuilder<BlobSweep> builder)
    {
        builder.ToTable("blob_sweeps", t => t.HasCheckConstraint("ck_blob_sweeps_prefix", "length(prefix) > 0"));
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Container).HasMaxLength(63);
        builder.Property(s => s.Prefix).HasMaxLength(1024);
        builder.Property(s => s.Reason).HasMaxLength(500);
        builder.HasIndex(s => s.DueAt);
    }
}
