namespace Eucaim.Cli.Platform;

/// <summary>The exit codes of every command, documented in docs/cli.md#exit-codes; scripts rely on them.</summary>
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

    /// <summary>The data was refused: the local check found identifying information or damaged files, or the ingest rejected files (each named).</summary>
    public const int DataRefused = 5;
}
