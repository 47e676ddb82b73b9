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
    IResourceBuilder<IResource> Server);

internal static class PlatformDatabaseExtensions
{
    /// <summary>Api and Workers connect as the restricted service role, under the connection name they expect.</summary>
    public static IResourceBuilder<ProjectResource> AsServiceOf(this IResourceBuilder<ProjectResource> project, PlatformDatabase database) =>
        project.WithReference(database.ServiceConnection, PostgresResources.DatabaseName);

    /// <summary>Migrations connect as the owner, and learn the service role's connection string to give the role its password.</summary>
    public static IResourceBuilder<ProjectResource> AsOwnerOf(this IResourceBuilder<ProjectResource> project, PlatformDatabase database) =>
        project.WithReference(database.OwnerConnection).WithReference(database.ServiceConnection).WaitFor(database.Server);
}
