using Eucaim.Core.Audit;
using Eucaim.Core.Identity;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Audit;

/// <summary>
/// Records every authorization failure in the audit trail. A 401 is appended to the chain at once
/// (anonymous callers are held by their own rate limit). A 403, and a 404 that an endpoint marked as
/// hiding a resource the caller may not see (<see cref="MarkOwnershipDenied"/>), is counted per
/// actor, route and window (<see cref="AuditDenials"/>) and reaches the chain as one entry with its
/// count when the window closes, so a signed-in caller probing ids cannot flood the chain. Runs
/// after the response is produced, so it sees failures from the authorization middleware and from
/// endpoints alike; a failure to record is logged, never turned into a different answer.
/// </summary>
internal sealed partial class AuthorizationFailureAudit(
    RequestDelegate next, IAuditTrail audit, AuditDenials denials, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuthorizationFailureAudit> logger)
{
    private const string OwnershipKey = "eucaim:ownership-denied";
    private const string CountedKey = "eucaim:refusal-counted";

    /// <summary>Marks the current 404 as hiding something that exists but belongs to someone else.</summary>
    public static void MarkOwnershipDenied(HttpContext http, string kind, string? id) => http.Items[OwnershipKey] = $"{kind} {id}";

    /// <summary>Marks the current refusal as already counted by its endpoint (a federation link refusal), so it is not recorded twice.</summary>
    public static void MarkCounted(HttpContext http) => http.Items[CountedKey] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Items.ContainsKey(CountedKey))
        {
            return;
        }

        var status = context.Response.StatusCode;
        var hidden = context.Items.TryGetValue(OwnershipKey, out var what) ? what as string : null;
        if (status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            && !(status == StatusCodes.Status404NotFound && hidden is not null))
        {
            return;
        }

        var caller = PlatformIdentity.From(context.User);
        var actor = caller.Subject ?? "anonymous";
        var client = context.Connection.RemoteIpAddress?.ToString();
        try
        {
            // The request's own token may already be cancelled (client gone): the record must still be written.
            if (status == StatusCodes.Status401Unauthorized)
            {
                await audit.RecordAsync(new AuditEntry(AuditActions.AuthorizationFailed, actor)
                {
                    Outcome = AuditOutcomes.Denied,
                    TargetType = "http",
                    TargetId = $"{context.Request.Method} {context.Request.Path}",
                    ClientAddress = client,
                    Details = new Dictionary<string, string?>
                    {
                        ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["hidden"] = hidden,
                    },
                }, CancellationToken.None);
                return;
            }

            await denials.CountAsync(actor, Route(context), status, client, hidden ?? context.Request.Path.Value,
                clock.GetUtcNow(), options.Value.DenialWindow, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNotRecorded(logger, ex, status, context.Request.Path);
        }
    }

    /// <summary>The method and route pattern, so that probing many ids of one route counts as one route; the path where no endpoint matched.</summary>
    private static string Route(HttpContext context) =>
        $"{context.Request.Method} {(context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value}";

    [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "Could not record authorization failure {Status} on {Path} in the audit trail")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, int status, string path);
}
