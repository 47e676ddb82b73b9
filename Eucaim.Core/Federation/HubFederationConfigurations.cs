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

internal sealed class FederatedTrainingConfiguration : IEntityTypeConfiguration<FederatedTraining>
{
    public void Configure(EntityTypeBuilder<FederatedTraining> builder)
    {
        builder.ToTable("federation_trainings");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.TenantSlug).HasMaxLength(63);
        builder.Property(t => t.SubmittedBy).HasMaxLength(255);
        builder.Property(t => t.Organisation).HasMaxLength(255);
        builder.Property(t => t.Image).HasMaxLength(Jobs.JobImageRules.MaxReferenceLength);
        builder.Property(t => t.Flavor).HasMaxLength(63);
        builder.Property(t => t.State).HasMaxLength(20);
        builder.Property(t => t.Reason).HasMaxLength(2000);
        builder.Property(t => t.Plan).HasColumnType("jsonb");
        builder.Property(t => t.ConvergeMetric).HasMaxLength(20);
        builder.HasIndex(t => new { t.TenantId, t.SubmittedAt });

        // The coordinator's question: the trainings still going.
        builder.HasIndex(t => t.State).HasFilter("state = 'training'");
        builder.HasMany(t => t.RoundsDone).WithOne().HasForeignKey(r => r.TrainingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FederatedTrainingRoundConfiguration : IEntityTypeConfiguration<FederatedTrainingRound>
{
    public void Configure(EntityTypeBuilder<FederatedTrainingRound> builder)
    {
        builder.ToTable("federation_training_rounds");
        builder.HasKey(r => new { r.TrainingId, r.Round });
        builder.Property(r => r.State).HasMaxLength(20);
        builder.Property(r => r.StartWeights).HasColumnType("jsonb");
        builder.Property(r => r.Metrics).HasColumnType("jsonb");
        builder.Property(r => r.Reason).HasMaxLength(2000);
        builder.HasMany(r => r.Contributions).WithOne().HasForeignKey(c => new { c.TrainingId, c.Round }).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FederatedTrainingContributionConfiguration : IEntityTypeConfiguration<FederatedTrainingContribution>
{
    public void Configure(EntityTypeBuilder<FederatedTrainingContribution> builder)
    {
        builder.ToTable("federation_training_contributions");
        builder.HasKey(c => new { c.TrainingId, c.Round, c.NodeId });
        builder.Property(c => c.NodeId).HasMaxLength(63);
        builder.Property(c => c.Request).HasColumnType("jsonb");
        builder.Property(c => c.State).HasMaxLength(20);
        builder.Property(c => c.Reason).HasMaxLength(2000);
        builder.Property(c => c.Weights).HasColumnType("jsonb");
        builder.Property(c => c.Metrics).HasColumnType("jsonb");
        builder.HasOne<FederatedNode>().WithMany().HasForeignKey(c => c.NodeId).OnDelete(DeleteBehavior.Restrict);

        // The poll's question: this node's parts of rounds.
        builder.HasIndex(c => c.NodeId);
    }
}
