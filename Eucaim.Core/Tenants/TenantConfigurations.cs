using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Eucaim.Core.Tenants;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants", t => t.HasCheckConstraint("ck_tenants_quota",
            "quota_gpus >= 0 AND quota_cpu_cores >= 0 AND quota_memory_gib >= 0 AND quota_storage_gib >= 0 AND quota_scratch_gib >= 0 " +
            "AND quota_concurrent_jobs >= 0 AND quota_max_job_runtime_minutes >= 0"));
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(t => t.Slug).HasMaxLength(TenantRules.MaxSlugLength);
        builder.HasIndex(t => t.Slug).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(TenantRules.MaxNameLength);
        builder.Property(t => t.LsLoginGroup).HasMaxLength(TenantRules.MaxGroupLength);
        builder.Property(t => t.State).HasConversion(new LowercaseEnumConverter<TenantState>()).HasMaxLength(20);
        builder.ComplexProperty(t => t.Quota);
        builder.Property(t => t.CreatedBy).HasMaxLength(255);
        builder.Property(t => t.UpdatedBy).HasMaxLength(255);
        builder.Property(t => t.RowVersion).IsRowVersion();
        builder.HasIndex(t => t.NextReconcileAt);
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Conditions).WithOne().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TenantMemberConfiguration : IEntityTypeConfiguration<TenantMember>
{
    public void Configure(EntityTypeBuilder<TenantMember> builder)
    {
        builder.ToTable("tenant_members");
        builder.HasKey(m => new { m.TenantId, m.Subject });
        builder.Property(m => m.Subject).HasMaxLength(255);
        builder.Property(m => m.AddedBy).HasMaxLength(255);
        builder.HasIndex(m => m.Subject);
    }
}

internal sealed class TenantConditionConfiguration : IEntityTypeConfiguration<TenantCondition>
{
    public void Configure(EntityTypeBuilder<TenantCondition> builder)
    {
        builder.ToTable("tenant_conditions");
        builder.HasKey(c => new { c.TenantId, c.Type });
        builder.Property(c => c.Type).HasMaxLength(50);
        builder.Property(c => c.Reason).HasMaxLength(100);
        builder.Property(c => c.Message).HasMaxLength(2000);
    }
}

internal sealed class TenantEventConfiguration : IEntityTypeConfiguration<TenantEvent>
{
    public void Configure(EntityTypeBuilder<TenantEvent> builder)
    {
        // No foreign key: events outlive the tenant they describe.
        builder.ToTable("tenant_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.TenantSlug).HasMaxLength(TenantRules.MaxSlugLength);
        builder.Property(e => e.Actor).HasMaxLength(255);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Detail).HasColumnType("jsonb");
        builder.HasIndex(e => new { e.TenantId, e.Id });
    }
}

internal sealed class FlavorConfiguration : IEntityTypeConfiguration<Flavor>
{
    public void Configure(EntityTypeBuilder<Flavor> builder)
    {
        builder.ToTable("flavors", t => t.HasCheckConstraint("ck_flavors_resources",
            "cpu_millicores > 0 AND memory_mib > 0 AND gpu_count >= 0 AND max_runtime_minutes > 0 AND (gpu_count = 0 OR gpu_type IS NOT NULL) " +
            "AND ephemeral_storage_gib > 0 AND shared_memory_mib >= 0"));
        builder.HasKey(f => f.Name);
        builder.Property(f => f.Name).HasMaxLength(TenantRules.MaxSlugLength);
        builder.Property(f => f.Description).HasMaxLength(TenantRules.MaxNameLength);
        builder.Property(f => f.GpuType).HasMaxLength(100);
        // Rows made before scratch was sized get the default; new rows always carry their own.
        builder.Property(f => f.EphemeralStorageGib).HasDefaultValue(FlavorRules.DefaultEphemeralStorageGib).ValueGeneratedNever();
        builder.Property(f => f.RuntimeClassName).HasMaxLength(253);
        builder.Property(f => f.RowVersion).IsRowVersion();
    }
}

/// <summary>Stores enums as their lowercase names, readable in SQL and stable across reorderings.</summary>
internal sealed class LowercaseEnumConverter<TEnum>() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<TEnum, string>(
    v => v.ToString().ToLowerInvariant(),
    v => Enum.Parse<TEnum>(v, true))
    where TEnum : struct, Enum;
