using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Audit;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Eucaim.Api.Access;

/// <summary>
/// <c>/api/admin/test-clock</c>: moves the access clock (grant validity, expiry) of this Api process.
/// Mapped only when <see cref="AccessOptions.AdjustableClock"/> is on, which the options validation
/// allows only in the Development environment: production has no such endpoint.
/// </summary>
internal static class TestClockEndpoints
{
    public static Ok<TestClockResponse> Get(AccessClock clock) => TypedResults.Ok(new TestClockResponse(clock.Offset.TotalSeconds, clock.GetUtcNow()));

    public static async Task<Results<Ok<TestClockResponse>, ValidationProblem>> SetAsync(
        TestClockRequest? body, Caller caller, AccessClock clock, IAuditTrail audit, CancellationToken cancellationToken)
    {
        if (body?.OffsetSeconds is not { } seconds || seconds < 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return Problem.Invalid("offsetSeconds", "An offset from the real time of 0 to 3650 days, in seconds, is required.").ToValidationProblem();
        }

        clock.SetOffset(TimeSpan.FromSeconds(seconds));
        await audit.RecordAsync(caller.Actor.Audit(AuditActions.AdminAction) with
        {
            TargetType = "test-clock",
            Details = new Dictionary<string, string?> { ["offsetSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, cancellationToken);
        return TypedResults.Ok(new TestClockResponse(clock.Offset.TotalSeconds, clock.GetUtcNow()));
    }
}
