namespace Eucaim.Cli.Platform;

/// <summary>
/// The exit codes of every command, documented in docs/cli.md#output-and-exit-codes; scripts rely on them.
/// <c>eucaim jobs wait</c> also passes on a failed job's own exit code (<see cref="Jobs.JobExit"/>).
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Anything else: the platform or provider unreachable, a server error (5xx), a fault.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, a bad value, an unknown profile.</summary>
    public const int Usage = 2;

    /// <summary>Not signed in, the sign-in expired or was refused (device code expired, access denied, HTTP 401).</summary>
    public const int SignIn = 3;

    /// <summary>The API refused the request: 400, 403, 404, 409, 412, 422, 429… (its problem document printed).</summary>
    public const int Refused = 4;

    /// <summary><c>eucaim jobs wait</c>: the job was cancelled (by a member, or because its access was revoked).</summary>
    public const int JobCancelled = 5;

    /// <summary><c>eucaim jobs wait</c>: the job was stopped at its queue timeout or run deadline.</summary>
    public const int JobTimedOut = 6;

    /// <summary>The data was refused: the local check found identifying information or damaged files, or the ingest rejected files (each named).</summary>
    public const int DataRefused = 7;
}
