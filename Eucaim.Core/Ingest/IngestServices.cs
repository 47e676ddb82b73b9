using Eucaim.Core.Catalogue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Eucaim.Core.Ingest;

public static class IngestServices
{
    /// <summary>What Api (uploads, sessions, STOW-RS) and Workers (the ingest pipeline) share.</summary>
    public static IServiceCollection AddEucaimIngestCore(this IServiceCollection services)
    {
        services.TryAddScoped<InstanceStore>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IPublicationPreparation, VersionPublication>());
        services.TryAddSingleton<UploadHashes>();
        services.TryAddScoped<CreateUpload>();
        services.TryAddScoped<AppendUploadChunk>();
        services.TryAddScoped<CompleteUpload>();
        services.TryAddScoped<TerminateUpload>();
        services.TryAddScoped<OpenIngestSession>();
        services.TryAddScoped<CompleteIngestSession>();
        services.TryAddScoped<AbandonIngest>();
        services.TryAddScoped<ExpireIdleIngests>();
        services.TryAddScoped<SetIngestPolicy>();
        services.TryAddScoped<StoreInstances>();
        services.TryAddScoped<SearchDicomIndex>();
        services.TryAddScoped<BackfillDicomIndex>();
        return services;
    }
}
