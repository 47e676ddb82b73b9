using Eucaim.Api.Identity;
using Eucaim.Api.Platform;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The API's real identity pipeline (<c>AddEucaimIdentity</c>, <c>UseEucaimIdentity</c>,
/// <c>MapEucaimIdentity</c>) in a small in-process host with settings of the test's choosing: an
/// unreachable provider, a test issuer, low rate limits. Cheaper than a second platform run.
/// </summary>
internal sealed class IdentityTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IdentityTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public static async Task<IdentityTestHost> StartAsync(string databaseConnectionString, IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = Path.GetTempPath(),
        });
        // Only what the test says: no appsettings file, no environment variables.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            [$"ConnectionStrings:{EucaimDatabase.ConnectionName}"] = databaseConnectionString,
            ["Aspire:Npgsql:EntityFrameworkCore:PostgreSQL:DisableHealthChecks"] = "true",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        builder.AddEucaimDatabase();
        builder.AddEucaimProblemDetails();
        builder.AddEucaimIdentity();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseEucaimIdentity();
        app.MapEucaimIdentity();
        app.MapGet("/probe", () => "ok");
        app.MapPost("/probe", () => "ok");
        app.MapGet("/probe/signed-in", () => "ok").RequireAuthorization(PlatformPolicies.SignedIn);
        app.MapGet("/health", () => "Healthy");
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IdentityTestHost(app, new Uri(address));
    }

    public HttpRequestMessage Get(string path, string? token = null) => Request(HttpMethod.Get, path, token);

    public HttpRequestMessage Post(string path, string? token = null) => Request(HttpMethod.Post, path, token);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
