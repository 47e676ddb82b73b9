using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Federation;

internal sealed class SeenFederationMessageConfiguration : IEntityTypeConfiguration<SeenFederationMessage>
{
    public void Configure(EntityTypeBuilder<SeenFederationMessage> builder)
    {
        builder.ToTable("federation_seen_messages");
        builder.HasKey(m => new { m.Sender, m.MessageId });
        builder.Property(m => m.Sender).HasMaxLength(63);
        builder.HasIndex(m => m.ForgetAfter);
    }
}
