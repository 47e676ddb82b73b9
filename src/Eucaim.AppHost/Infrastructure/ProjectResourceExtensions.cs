namespace Eucaim.AppHost.Infrastructure;

internal static class ProjectResourceExtensions
{
    /// <summary>Moves the project's http endpoint to the configured port.</summary>
    public static IResourceBuilder<ProjectResource> WithPort(this IResourceBuilder<ProjectResource> project, int port) =>
        project.WithEndpoint("http", endpoint => endpoint.Port = port);

    /// <summary>
    /// Prints where to find the platform once the API is healthy, so `./dev up` can end its wait
    /// with the two URLs a developer needs.
    /// </summary>
    public static void AnnounceWhenReady(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(api.Resource, async (_, cancellationToken) =>
        {
            var apiUrl = await api.GetEndpoint("http").GetValueAsync(cancellationToken);
            var dashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';').FirstOrDefault();
            Console.WriteLine($"Eucaim is ready. Dashboard: {dashboard ?? "(disabled)"}  API: {apiUrl}  API reference: {apiUrl}/docs");
        });
    }
}
