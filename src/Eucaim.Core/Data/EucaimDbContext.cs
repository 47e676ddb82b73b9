using Eucaim.Core.Catalogue;
using Eucaim.Core.Ingest;
using Eucaim.Core.Tenants;
using Eucaim.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Data;

public sealed class EucaimDbContext(DbContextOptions<EucaimDbContext> options) : DbContext(options)
{
    public DbSet<PlatformUser> Users => Set<PlatformUser>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<DatasetVersion> DatasetVersions => Set<DatasetVersion>();

    public DbSet<CatalogueEntry> CatalogueEntries => Set<CatalogueEntry>();

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<TenantMember> TenantMembers => Set<TenantMember>();

    public DbSet<TenantCondition> TenantConditions => Set<TenantCondition>();

    public DbSet<TenantEvent> TenantEvents => Set<TenantEvent>();

    public DbSet<Flavor> Flavors => Set<Flavor>();

    public DbSet<Upload> Uploads => Set<Upload>();

    public DbSet<IngestJob> IngestJobs => Set<IngestJob>();

    public DbSet<IngestFile> IngestFiles => Set<IngestFile>();

    public DbSet<DatasetIngestPolicy> DatasetIngestPolicies => Set<DatasetIngestPolicy>();

    public DbSet<IndexedPatient> DicomPatients => Set<IndexedPatient>();

    public DbSet<IndexedStudy> DicomStudies => Set<IndexedStudy>();

    public DbSet<IndexedSeries> DicomSeries => Set<IndexedSeries>();

    public DbSet<IndexedInstance> DicomInstances => Set<IndexedInstance>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EucaimDbContext).Assembly);
    }
}
