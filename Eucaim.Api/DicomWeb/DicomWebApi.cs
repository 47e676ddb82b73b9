using Eucaim.Api.Platform;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;

namespace Eucaim.Api.DicomWeb;

/// <summary>DICOMweb (PS3.18) per dataset: STOW-RS into the draft, QIDO-RS search and WADO-RS retrieval.</summary>
internal static class DicomWebApi
{
    public const string Prefix = "/dicomweb/datasets";

    internal static IEndpointRouteBuilder MapDicomWebApi(this IEndpointRouteBuilder routes)
    {
        var dataset = routes.MapGroup($"{Prefix}/{{id:guid}}").WithTags("DICOMweb").RequireAuthorization(PlatformPolicies.SignedIn);

        dataset.MapPost("/studies", (Guid id, HttpContext http, Caller caller, StoreInstances store,
                Microsoft.Extensions.Options.IOptions<DicomWebOptions> options, CancellationToken ct) =>
                StowEndpoint.StoreAsync(id, null, http, caller, store, options, ct))
            .WithSummary("STOW-RS: stores instances into the dataset's draft (data holders).");
        dataset.MapPost("/studies/{study}", StowEndpoint.StoreAsync)
            .WithSummary("STOW-RS into one study: instances of another study fail.");

        dataset.MapGet("/studies", QidoEndpoints.StudiesAsync).WithSummary("QIDO-RS: search studies.");
        dataset.MapGet("/series", (Guid id, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken ct) => QidoEndpoints.SeriesAsync(id, null, http, caller, search, ct))
            .WithSummary("QIDO-RS: search series.");
        dataset.MapGet("/studies/{study}/series", QidoEndpoints.SeriesAsync).WithSummary("QIDO-RS: series of a study.");
        dataset.MapGet("/instances", (Guid id, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken ct) => QidoEndpoints.InstancesAsync(id, null, null, http, caller, search, ct))
            .WithSummary("QIDO-RS: search instances.");
        dataset.MapGet("/studies/{study}/instances", (Guid id, string study, HttpContext http, Caller caller, SearchDicomIndex search, CancellationToken ct) =>
            QidoEndpoints.InstancesAsync(id, study, null, http, caller, search, ct)).WithSummary("QIDO-RS: instances of a study.");
        dataset.MapGet("/studies/{study}/series/{series}/instances", QidoEndpoints.InstancesAsync).WithSummary("QIDO-RS: instances of a series.");

        dataset.MapGet("/studies/{study}", WadoEndpoints.StudyAsync).WithSummary("WADO-RS: every instance of a study.");
        dataset.MapGet("/studies/{study}/series/{series}", WadoEndpoints.SeriesAsync).WithSummary("WADO-RS: every instance of a series.");
        dataset.MapGet("/studies/{study}/series/{series}/instances/{instance}", WadoEndpoints.InstanceAsync).WithSummary("WADO-RS: one instance.");
        dataset.MapWadoResources();
        return routes;
    }
}
