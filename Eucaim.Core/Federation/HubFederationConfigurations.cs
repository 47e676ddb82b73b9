using Eucaim.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Federation;

internal sealed class FederatedNodeConfiguration : IEntityTypeConfiguration<FederatedNode>
{
    public void Configure(EntityTypeBuilder<FederatedNode> builder)
    {
        builder.ToTable("federation_nodes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).HasMaxLength(63);
        builder.Property(n => n.Organisation).HasMaxLength(FederationRules.MaxOrganisationLength);
        builder.Property(n => n.PublicKey).HasMaxLength(4000);
        builder.Property(n => n.Fingerprint).HasMaxLength(64);
        builder.Property(n => n.State).HasConversion(new LowercaseEnumConverter<FederatedNodeState>()).HasMaxLength(20);
        builder.Property(n => n.RegisteredBy).HasMaxLength(255);
        builder.Property(n => n.RevokedBy).HasMaxLength(255);
    }
}

internal sealed class FederatedQueryConfiguration : IEntityTypeConfiguration<FederatedQuery>
{
    public void Configure(EntityTypeBuilder<FederatedQuery> builder)
    {
        builder.ToTable("federation_queries");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.AskedBy).HasMaxLength(255);
        builder.Property(q => q.Sex).HasMaxLength(1);
        builder.Property(q => q.CancerType).HasMaxLength(200);
        builder.Property(q => q.Modality).HasMaxLength(16);
        builder.Property(q => q.BodyPart).HasMaxLength(64);
        builder.Property(q => q.Manufacturer).HasMaxLength(64);
        builder.Property(q => q.Tier).HasMaxLength(8);
        builder.HasIndex(q => q.AskedAt);
        builder.HasMany(q => q.Nodes).WithOne().HasForeignKey(n => n.QueryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FederatedQueryNodeConfiguration : IEntityTypeConfiguration<FederatedQueryNode>
{
    public void Configure(EntityTypeBuilder<FederatedQueryNode> builder)
    {
        builder.ToTable("federation_query_nodes");
        builder.HasKey(n => new { n.QueryId, n.NodeId });
        builder.Property(n => n.NodeId).HasMaxLength(63);
        builder.Property(n => n.Answer).HasColumnType("jsonb");
        builder.HasIndex(n => n.MessageId).IsUnique();
        builder.HasOne<FederatedNode>().WithMany().HasForeignKey(n => n.NodeId).OnDelete(DeleteBehavior.Restrict);

        // The poll's question: this node's unanswered messages, oldest first.
        builder.HasIndex(n => new { n.NodeId, n.AnswerBy }).HasFilter("answered_at IS NULL");
    }
}

internal sealed class FederatedRunConfiguration : IEntityTypeConfiguration<FederatedRun>
{
    public void Configure(EntityTypeBuilder<FederatedRun> builder)
    {
        builder.ToTable("federation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TenantSlug).HasMaxLength(63);
        builder.Property(r => r.SubmittedBy).HasMaxLength(255);
        builder.Property(r => r.Image).HasMaxLength(Jobs.JobImageRules.MaxReferenceLength);
        builder.Property(r => r.Flavor).HasMaxLength(63);
        builder.HasIndex(r => new { r.TenantId, r.SubmittedAt });
        builder.HasMany(r => r.Nodes).WithOne().HasForeignKey(n => n.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FederatedRunNodeConfiguration : IEntityTypeConfiguration<FederatedRunNode>
{
    public void Configure(EntityTypeBuilder<FederatedRunNode> builder)
    {
        builder.ToTable("federation_run_nodes");
        builder.HasKey(n => new { n.RunId, n.NodeId });
        builder.Property(n => n.NodeId).HasMaxLength(63);
        builder.Property(n => n.Request).HasColumnType("jsonb");
        builder.Property(n => n.Result).HasColumnType("jsonb");
        builder.Property(n => n.State).HasMaxLength(20);
        builder.Property(n => n.Reason).HasMaxLength(2000);
        builder.HasOne<FederatedNode>().WithMany().HasForeignKey(n => n.NodeId).OnDelete(DeleteBehavior.Restrict);

        // The poll's question: this node's run requests it has not taken up yet.
        builder.HasIndex(n => n.NodeId).HasFilter("state = 'pending'");
    }
}
