using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Api.Audit;

/// <summary>
/// Records every authorization failure in the audit trail: each 401 and 403, and each 404 that an
/// endpoint marked as hiding a resource the caller may not see (<see cref="MarkOwnershipDenied"/>).
/// Runs after the response is produced, so it sees failures from the authorization middleware and
/// from endpoints alike; a failure to record is logged, never turned into a different answer.
/// </summary>
internal sealed partial class AuthorizationFailureAudit(RequestDelegate next, IAuditTrail audit, ILogger<AuthorizationFailureAudit> logger)
{
    private const string OwnershipKey = "eucaim:ownership-denied";

    /// <summary>Marks the current 404 as hiding something that exists but belongs to someone else.</summary>
    public static void MarkOwnershipDenied(HttpContext http, string kind, string? id) => http.Items[OwnershipKey] = $"{kind} {id}";

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var status = context.Response.StatusCode;
        var hidden = context.Items.TryGetValue(OwnershipKey, out var what) ? what as string : null;
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            && !(status == StatusCodes.Status404NotFound && hidden is not null))
        {
            return;
        }

        var caller = PlatformIdentity.From(context.User);
        try
        {
            // The request's own token may already be cancelled (client gone): the record must still be written.
            await audit.RecordAsync(new AuditEntry(AuditActions.AuthorizationFailed, caller.Subject ?? "anonymous")
            {
                Outcome = AuditOutcomes.Denied,
                TargetType = "http",
                TargetId = $"{context.Request.Method} {context.Request.Path}",
                ClientAddress = context.Connection.RemoteIpAddress?.ToString(),
                Details = new Dictionary<string, string?>
                {
                    ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["hidden"] = hidden,
                },
            }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNotRecorded(logger, ex, status, context.Request.Path);
        }
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Could not record authorization failure {Status} on {Path} in the audit trail")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, int status, string path);
}
