using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Identity;

internal sealed class PlatformUserConfiguration : IEntityTypeConfiguration<PlatformUser>
{
    public void Configure(EntityTypeBuilder<PlatformUser> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(u => u.Subject).HasMaxLength(255);
        builder.Property(u => u.Issuer).HasMaxLength(255);
        builder.Property(u => u.Name).HasMaxLength(255);
        builder.Property(u => u.Email).HasMaxLength(320);
        builder.HasIndex(u => new { u.Issuer, u.Subject }).IsUnique();
    }
}
