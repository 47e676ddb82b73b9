namespace Eucaim.AppHost.Infrastructure;

/// <summary>
/// The platform's PostgreSQL database as the projects see it. <see cref="OwnerConnection"/> is the
/// schema owner's (for migrations only); <see cref="ServiceConnection"/> is the restricted
/// <c>eucaim_service</c> role's, which Api and Workers receive under the usual key <c>eucaim</c>;
/// <see cref="Server"/> is what they wait for.
/// </summary>
internal sealed record PlatformDatabase(
    IResourceBuilder<IResourceWithConnectionString> OwnerConnection,
    IResourceBuilder<IResourceWithConnectionString> ServiceConnection,
    IResourceBuilder<IResource> Server,
    Func<string, string, PlatformDatabase> OnSameServer)
{
    /// <summary>
    /// Another database on the same server, with the same two roles (the service role is the server's,
    /// its grants each database's own migrations'); its resources are named with <paramref name="resourcePrefix"/>,
    /// e.g. a federated node's <c>node-1-eucaim</c>. The migrations create the database on their first run.
    /// </summary>
    public PlatformDatabase Sibling(string databaseName, string resourcePrefix) => OnSameServer(databaseName, resourcePrefix);
}

internal static class PlatformDatabaseExtensions
{
    /// <summary>Api and Workers connect as the restricted service role, under the connection name they expect.</summary>
    public static IResourceBuilder<ProjectResource> AsServiceOf(this IResourceBuilder<ProjectResource> project, PlatformDatabase database) =>
        project.WithReference(database.ServiceConnection, PostgresResources.DatabaseName);

    /// <summary>Migrations connect as the owner, and learn the service role's connection string to give the role its password.</summary>
    public static IResourceBuilder<ProjectResource> AsOwnerOf(this IResourceBuilder<ProjectResource> project, PlatformDatabase database) =>
        project.WithReference(database.OwnerConnection, PostgresResources.DatabaseName)
            .WithReference(database.ServiceConnection, PostgresResources.ServiceConnectionName)
            .WaitFor(database.Server);
}
