namespace Eucaim.Core.Platform;

/// <summary>Why a use case refused: each kind has one HTTP status in the Api and one meaning everywhere.</summary>
public enum ProblemKind
{
    /// <summary>The input broke a rule; <see cref="Problem.Errors"/> names each field.</summary>
    Invalid,

    /// <summary>The request carries no valid credential of the kind the action takes (a job's staging token).</summary>
    Unauthenticated,

    /// <summary>Does not exist, or exists but is hidden from the caller: the answer is the same.</summary>
    NotFound,

    /// <summary>The caller is known but a rule forbids the action.</summary>
    Forbidden,

    /// <summary>The current state does not allow the action (already decided, closed, raced).</summary>
    Conflict,

    /// <summary>A precondition the caller sent (If-Match) no longer holds.</summary>
    PreconditionFailed,

    /// <summary>A precondition the rule needs (If-Match) was not sent.</summary>
    PreconditionRequired,

    /// <summary>More than allowed (size, count).</summary>
    TooLarge,

    /// <summary>The body is not of a media type the action reads (e.g. not JSON).</summary>
    UnsupportedMediaType,

    /// <summary>Understood, but the content cannot be processed.</summary>
    Unprocessable,

    /// <summary>A dependency the action needs is not available right now; trying later may work.</summary>
    Unavailable,
}
