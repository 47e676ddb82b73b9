using Eucaim.Core.Identity;

namespace Eucaim.Api.Platform;

/// <summary>
/// The party of a request, bound once per handler parameter (<see cref="BindAsync"/>) instead of
/// being read from <see cref="HttpContext.User"/> in each handler: the platform identity the
/// entitlement mapping produced, and the client address for the audit trail.
/// </summary>
public sealed class Caller
{
    private Caller(HttpContext http, Actor actor)
    {
        Http = http;
        Actor = actor;
    }

    public Actor Actor { get; }

    public PlatformIdentity Identity => Actor.Identity;

    /// <summary>The request, for the one thing an outcome needs from it: marking a hiding 404 for the audit trail.</summary>
    internal HttpContext Http { get; }

    public static ValueTask<Caller?> BindAsync(HttpContext http) =>
        ValueTask.FromResult<Caller?>(new Caller(http, new Actor(PlatformIdentity.From(http.User), http.Connection.RemoteIpAddress?.ToString())));
}
