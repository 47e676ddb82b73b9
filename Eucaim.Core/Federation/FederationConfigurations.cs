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

internal sealed class NodeRunConfiguration : IEntityTypeConfiguration<NodeRun>
{
    public void Configure(EntityTypeBuilder<NodeRun> builder)
    {
        builder.ToTable("node_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Request).HasColumnType("jsonb");
        builder.Property(r => r.Result).HasColumnType("jsonb");
        builder.Property(r => r.Image).HasMaxLength(300);
        builder.Property(r => r.RequesterSubject).HasMaxLength(300);
        builder.Property(r => r.RequesterTenant).HasMaxLength(63);
        builder.Property(r => r.RequesterOrganisation).HasMaxLength(300);
        builder.Property(r => r.State).HasMaxLength(20);
        builder.Property(r => r.ReportedState).HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(2000);
        builder.Property(r => r.DecidedBy).HasMaxLength(300);
        builder.Property(r => r.ReleasedBy).HasMaxLength(300);
        builder.Property(r => r.RowVersion).IsRowVersion();

        // The node's loop asks for the runs whose state it has not reported yet; the data holders' list is newest first.
        builder.HasIndex(r => r.State).HasFilter("reported_state IS DISTINCT FROM state");
        builder.HasIndex(r => r.ReceivedAt);
    }
}
