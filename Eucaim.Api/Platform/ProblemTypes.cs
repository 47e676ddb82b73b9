namespace Eucaim.Api.Platform;

/// <summary>
/// The <c>type</c> of problem documents whose status ASP.NET Core has no default link for (it
/// covers most of RFC 9110's), so that every problem body names one: WebDAV's 423, RFC 6585's
/// 428 and 429, tus' 460; any other status without one gets RFC 9457's <c>about:blank</c>.
/// </summary>
public static class ProblemTypes
{
    public const string Locked = "https://tools.ietf.org/html/rfc4918#section-11.3";

    public const string PreconditionRequired = "https://tools.ietf.org/html/rfc6585#section-3";

    public const string TooManyRequests = "https://tools.ietf.org/html/rfc6585#section-4";

    /// <summary>The tus checksum extension's 460 Checksum Mismatch.</summary>
    public const string TusChecksumMismatch = "https://tus.io/protocols/resumable-upload#checksum";

    public static string For(int status) => status switch
    {
        StatusCodes.Status423Locked => Locked,
        StatusCodes.Status428PreconditionRequired => PreconditionRequired,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        460 => TusChecksumMismatch,
        _ => "about:blank",
    };
}
