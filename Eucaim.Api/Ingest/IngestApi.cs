using Eucaim.Core.Identity;

namespace Eucaim.Api.Ingest;

/// <summary>Ingest sessions, progress (JSON and server-sent events), reports, and the de-identification policy.</summary>
internal static class IngestApi
{
    internal static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder routes)
    {
        var datasets = routes.MapGroup("/api/datasets/{id:guid}").WithTags("Ingest").RequireAuthorization(PlatformPolicies.DataHolder);
        datasets.MapPost("/ingests", IngestEndpoints.OpenSessionAsync)
            .WithSummary("Opens an ingest session for several uploads into the draft (tus metadata 'ingest <id>').");
        datasets.MapGet("/ingests", IngestEndpoints.ListAsync).WithSummary("The dataset's ingests, newest first.");
        datasets.MapGet("/ingest-policy", IngestPolicyEndpoints.GetAsync).WithSummary("The dataset's de-identification policy for ingest.");
        datasets.MapPut("/ingest-policy", IngestPolicyEndpoints.PutAsync).WithSummary("Sets the policy: report, reject or deidentify.");

        var ingests = routes.MapGroup("/api/ingests").WithTags("Ingest").RequireAuthorization(PlatformPolicies.DataHolder);
        ingests.MapGet("/{id:guid}", IngestEndpoints.GetAsync).WithSummary("State, progress (files done / total), uploads and the report.");
        ingests.MapPost("/{id:guid}/complete", IngestEndpoints.CompleteSessionAsync).WithSummary("Closes a session and queues its ingest.");
        ingests.MapDelete("/{id:guid}", IngestEndpoints.AbandonAsync)
            .WithSummary("Abandons an open or failed ingest: it and its uploads are deleted, their blobs swept from quarantine.");
        ingests.MapGet("/{id:guid}/events", IngestEndpoints.StreamAsync).WithSummary("Progress as server-sent events until the report is final.");
        return routes;
    }
}
