using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Exports;
using Eucaim.Core.Federation;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Eucaim.Core.Jobs;
using Eucaim.Core.Storage;
using Eucaim.Core.Tenants;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Data;

public sealed class EucaimDbContext(DbContextOptions<EucaimDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>The Api's Data Protection key ring, shared by every replica (see docs/scale-out.md).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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

    public DbSet<Grant> Grants => Set<Grant>();

    public DbSet<AuditRecord> AuditEntries => Set<AuditRecord>();

    public DbSet<AuditDenialCount> AuditDenials => Set<AuditDenialCount>();

    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();

    public DbSet<AccessRequestDataset> AccessRequestDatasets => Set<AccessRequestDataset>();

    public DbSet<AccessDecision> AccessDecisions => Set<AccessDecision>();

    public DbSet<AccessRequestComment> AccessRequestComments => Set<AccessRequestComment>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationRead> NotificationReads => Set<NotificationRead>();

    public DbSet<DatasetAccessPolicy> DatasetAccessPolicies => Set<DatasetAccessPolicy>();

    public DbSet<VisaSigningKey> VisaSigningKeys => Set<VisaSigningKey>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<JobImage> JobImages => Set<JobImage>();

    public DbSet<JobLogChunk> JobLogChunks => Set<JobLogChunk>();

    public DbSet<ExportRequest> ExportRequests => Set<ExportRequest>();
    public DbSet<Upload> Uploads => Set<Upload>();

    public DbSet<IngestJob> IngestJobs => Set<IngestJob>();

    public DbSet<IngestFile> IngestFiles => Set<IngestFile>();

    public DbSet<DatasetIngestPolicy> DatasetIngestPolicies => Set<DatasetIngestPolicy>();

    public DbSet<IndexedPatient> DicomPatients => Set<IndexedPatient>();

    public DbSet<IndexedStudy> DicomStudies => Set<IndexedStudy>();

    public DbSet<IndexedSeries> DicomSeries => Set<IndexedSeries>();

    public DbSet<IndexedInstance> DicomInstances => Set<IndexedInstance>();

    public DbSet<BlobSweep> BlobSweeps => Set<BlobSweep>();

    public DbSet<SeenFederationMessage> SeenFederationMessages => Set<SeenFederationMessage>();

    public DbSet<FederatedNode> FederatedNodes => Set<FederatedNode>();

    public DbSet<FederatedQuery> FederatedQueries => Set<FederatedQuery>();

    public DbSet<FederatedQueryNode> FederatedQueryNodes => Set<FederatedQueryNode>();

    public DbSet<FederatedRun> FederatedRuns => Set<FederatedRun>();

    public DbSet<FederatedRunNode> FederatedRunNodes => Set<FederatedRunNode>();

    public DbSet<NodeRun> NodeRuns => Set<NodeRun>();

    public DbSet<FederatedTraining> FederatedTrainings => Set<FederatedTraining>();

    public DbSet<FederatedTrainingRound> FederatedTrainingRounds => Set<FederatedTrainingRound>();

    public DbSet<FederatedTrainingContribution> FederatedTrainingContributions => Set<FederatedTrainingContribution>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EucaimDbContext).Assembly);
    }
}
