namespace Eucaim.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Azurite run locally.</summary>
internal enum InfrastructureMode
{
    /// <summary>Containers, when a Docker or Podman engine answers.</summary>
    Containers,

    /// <summary>The machine's own PostgreSQL binaries and Azurite from npm, as plain processes.</summary>
    Processes,
}
