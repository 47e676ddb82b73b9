using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eucaim.AppHost.Infrastructure;

internal static class ProjectResourceExtensions
{
    /// <summary>Moves the project's http endpoint to the configured port; the process listens there itself with <see cref="LocalPlatform.DirectEndpoints"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithPort(this IResourceBuilder<ProjectResource> project, int port, LocalPlatform platform) =>
        project.WithEndpoint("http", endpoint =>
        {
            endpoint.Port = port;
            endpoint.IsProxied = !platform.DirectEndpoints;
        });

    /// <summary>
    /// The Workers' compute backend, the AppHost setting <c>Eucaim:Compute:Backend</c> (<c>Local</c> unless set;
    /// the deploy tree sets <c>Kubernetes</c>). The local backend keeps its sandboxes in the state directory.
    /// On <c>Kubernetes</c> the AppHost's own <c>Eucaim:Compute:Kubernetes</c> and <c>Eucaim:Jobs:Kubernetes</c>
    /// settings are passed on, so <c>./dev up --Eucaim:Compute:Backend=Kubernetes --Eucaim:Compute:Kubernetes:Kubeconfig=…</c>
    /// runs jobs on a cluster; job pods exchange their token at the Api's own port unless a staging endpoint is set.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithComputeBackend(this IResourceBuilder<ProjectResource> project, LocalPlatform platform, IResourceBuilder<ProjectResource> api)
    {
        project.WithEnvironment("Eucaim__Compute__Backend", platform.ComputeBackend);
        if (platform.ComputeBackend == LocalPlatform.LocalComputeBackend)
        {
            return project.WithEnvironment("Eucaim__Compute__Local__SandboxRoot", platform.StatePath("sandboxes"));
        }

        var configuration = project.ApplicationBuilder.Configuration;
        foreach (var section in new[] { "Eucaim:Compute:Kubernetes", "Eucaim:Jobs:Kubernetes" })
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(e => e.Value is not null))
            {
                project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
            }
        }

        // An IP, not localhost: job pods have no DNS, and the Workers refuse a staging host they could not resolve.
        // A published model leaves it to the deploy tree (http://api.eucaim.svc).
        return platform.Publishing || configuration["Eucaim:Jobs:Kubernetes:StagingEndpoint"] is { Length: > 0 }
            ? project
            : project.WithEnvironment("Eucaim__Jobs__Kubernetes__StagingEndpoint",
                ReferenceExpression.Create($"http://127.0.0.1:{api.GetEndpoint("http").Property(EndpointProperty.Port)}"));
    }

    /// <summary>
    /// The Api's public base URL (<c>Eucaim:Access:PublicUrl</c>) is its own http endpoint, the
    /// address clients reach: visas, links and catalogue ids name it whatever Host a request sends.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOwnPublicUrl(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("Eucaim__Access__PublicUrl", project.GetEndpoint("http"));

    /// <summary>
    /// With <c>Eucaim:TestClock=true</c> (the platform tests set it), Api and Workers run the access
    /// clock that an admin can move forward, to test grant expiry without waiting. The services accept
    /// it only in the Development environment.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTestClock(this IResourceBuilder<ProjectResource> project) =>
        project.ApplicationBuilder.Configuration.GetValue<bool>("Eucaim:TestClock")
            ? project.WithEnvironment("Eucaim__Access__AdjustableClock", "true")
            : project;

    /// <summary>
    /// The AppHost's own <c>Eucaim:Audit</c> settings (docs/configuration.md#audit), passed on as they are: the Api
    /// counts refusals in windows that the Workers fold, so both must use the same window. The platform tests set a
    /// short one, so that a refusal reaches the chain in seconds rather than a minute.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAuditSettings(this IResourceBuilder<ProjectResource> project)
    {
        foreach (var (key, value) in project.ApplicationBuilder.Configuration.GetSection("Eucaim:Audit").AsEnumerable().Where(e => e.Value is not null))
        {
            project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        return project;
    }

    /// <summary>
    /// Without the dashboard nothing listens where the host tells every project to send its telemetry: each
    /// process would try every second and fail (some 20 refused connections a second in the Api alone), CPU
    /// that tests and benchmarks need. The service defaults add no exporter without an endpoint.
    /// </summary>
    public static void WithoutTelemetryWhenNoDashboard(this IDistributedApplicationBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
            {
                if (context.ExecutionContext.IsRunMode
                    && context.ExecutionContext.Services.GetRequiredService<DistributedApplicationOptions>().DisableDashboard)
                {
                    context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                }
            });
        }
    }

    /// <summary>
    /// Prints where to find the platform once the portal (the last to start: it waits for the API) is
    /// healthy, so `./dev up` can end its wait with the URLs a developer needs.
    /// </summary>
    public static void AnnounceWhenReady(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> web)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(web.Resource, async (_, cancellationToken) =>
        {
            var apiUrl = await api.GetEndpoint("http").GetValueAsync(cancellationToken);
            var webUrl = await web.GetEndpoint("http").GetValueAsync(cancellationToken);
            var dashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';').FirstOrDefault();
            Console.WriteLine($"Eucaim is ready. Dashboard: {dashboard ?? "(disabled)"}  Portal: {webUrl}  API: {apiUrl}  API reference: {apiUrl}/docs");
        });
    }
}
