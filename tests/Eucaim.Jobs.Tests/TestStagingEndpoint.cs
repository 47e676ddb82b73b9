using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Eucaim.Core.Contracts;
using Eucaim.Core.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// The Api's token exchange (<c>/api/jobs/{id}/staging/*</c>) for backend tests that run without the
/// Api and its database: the job rows are a dictionary of token hashes, the links are signed by the
/// platform's own <see cref="StagingLinksSigner"/> from what is in Azurite. The Api's endpoint itself,
/// with PostgreSQL, is tested in Eucaim.Platform.Tests.
/// </summary>
internal sealed class TestStagingEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, (string Hash, int MaxRuntimeMinutes)> _launches = new();

    private TestStagingEndpoint(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Exchanges => _exchanges;

    private int _exchanges;

    public static async Task<TestStagingEndpoint> StartAsync(BlobServiceClient blobs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new TestStagingEndpoint(app);
        app.MapPost("/api/jobs/{id:guid}/staging/{purpose}", async (Guid id, string purpose, HttpContext http) =>
        {
            Interlocked.Increment(ref endpoint._exchanges);
            var token = http.Request.Headers[StagingLinks.TokenHeader].ToString();
            if (!endpoint._launches.TryGetValue(id, out var launch) || !JobStagingToken.Matches(token, launch.Hash))
            {
                return Results.Problem(statusCode: 401, title: "Job token not valid.");
            }

            var now = DateTimeOffset.UtcNow;
            var links = purpose == "outputs"
                ? await StagingLinksSigner.ForOutputsAsync(blobs, id, launch.MaxRuntimeMinutes, now, http.RequestAborted)
                : await StagingLinksSigner.ForDatasetsAsync(blobs, id, now, http.RequestAborted);
            return links is null ? Results.Problem(statusCode: 409, title: "No staging plan.") : Results.Json(links, StagingLinks.Json);
        });
        await app.StartAsync();
        endpoint.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return endpoint;
    }

    /// <summary>What the dispatcher does before a launch: a new token, whose hash replaces the last one.</summary>
    public string Issue(Job job)
    {
        var (token, hash) = JobStagingToken.Issue();
        _launches[job.Id] = (hash, job.MaxRuntimeMinutes);
        job.StagingTokenHash = hash;
        return token;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
