namespace Eucaim.AppHost.Infrastructure;

/// <summary>
/// A backing service as the platform's projects see it: the resource whose connection string they
/// reference, and the resource whose health they wait for. In container mode these are Aspire's
/// own resources; in process mode the connection is a plain connection-string resource.
/// </summary>
internal sealed record BackingService(
    IResourceBuilder<IResourceWithConnectionString> Connection,
    IResourceBuilder<IResource> Server);
