namespace Eucaim.Core.Access;

/// <summary>
/// PostgreSQL notification channels about grants. <see cref="GrantEnded"/> is sent with the grant id
/// as payload, in the same transaction that revokes or expires the grant (so it is delivered exactly
/// when the end is committed). The jobs dispatcher LISTENs on it to stop running jobs at once.
/// </summary>
public static class GrantChannels
{
    public const string GrantEnded = "grant_ended";
}
