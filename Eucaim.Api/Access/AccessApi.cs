using Eucaim.Core.Access;
using Eucaim.Core.Identity;

namespace Eucaim.Api.Access;

/// <summary>
/// Access requests (<c>/api/access-requests</c>), grants (<c>/api/grants</c>), the inbox
/// (<c>/api/notifications</c>), GA4GH visas (<c>/api/ga4gh/passport</c>, <c>/.well-known/jwks.json</c>)
/// and each dataset's access policy.
/// </summary>
internal static class AccessApi
{
    public static IEndpointRouteBuilder MapEucaimAccess(this IEndpointRouteBuilder routes)
    {
        var requests = routes.MapGroup("/api/access-requests").WithTags("Access").RequireAuthorization(PlatformPolicies.SignedIn);
        requests.MapPost("/", SubmitEndpoint.SubmitAsync)
            .WithSummary("Asks for published datasets for one of your tenants: title, purpose, intended use (DUO codes), duration in days.");
        requests.MapGet("/", RequestReadEndpoints.ListAsync).WithSummary("Requests you may see, newest first; filter by status or tenant.");
        requests.MapGet("/{id:guid}", RequestReadEndpoints.GetAsync).WithSummary("A request with its per-dataset outcomes and decisions.");
        requests.MapPut("/{id:guid}", RequestLifecycleEndpoints.ReviseAsync).WithSummary("The requester revises the request after changes were requested.");
        requests.MapPost("/{id:guid}/withdraw", RequestLifecycleEndpoints.WithdrawAsync).WithSummary("The requester withdraws the request.");
        requests.MapPost("/{id:guid}/decisions", DecideEndpoint.DecideAsync)
            .WithSummary("Approves or rejects one dataset, as the access committee or as the dataset's data holder.");
        requests.MapPost("/{id:guid}/request-changes", RequestLifecycleEndpoints.RequestChangesAsync)
            .WithSummary("A reviewer sends the request back to the requester with what should change.");
        requests.MapGet("/{id:guid}/comments", RequestReadEndpoints.ListCommentsAsync).WithSummary("Comments from both sides, oldest first.");
        requests.MapPost("/{id:guid}/comments", RequestReadEndpoints.CommentAsync).WithSummary("Adds a comment.");

        var grants = routes.MapGroup("/api/grants").WithTags("Access").RequireAuthorization(PlatformPolicies.SignedIn);
        grants.MapGet("/", GrantEndpoints.ListAsync).WithSummary("Grants you may see; active=true for those in force now.");
        grants.MapGet("/{id:guid}", GrantEndpoints.GetAsync).WithSummary("A grant and its status: active, pending, revoked or expired.");
        grants.MapPost("/{id:guid}/revoke", GrantEndpoints.RevokeAsync)
            .WithSummary("Ends a grant at once (committee, admins, the dataset's data holders); running jobs on it are stopped.");

        var inbox = routes.MapGroup("/api/notifications").WithTags("Access").RequireAuthorization(PlatformPolicies.SignedIn);
        inbox.MapGet("/", NotificationEndpoints.ListAsync).WithSummary("Your inbox, newest first.");
        inbox.MapPost("/{id:long}/read", NotificationEndpoints.MarkReadAsync).WithSummary("Marks a notification read (for you).");

        var policy = routes.MapGroup("/api/datasets/{id:guid}/access-policy").WithTags("Access");
        policy.MapGet("/", AccessPolicyEndpoints.GetAsync).WithSummary("Whether the data holder decides on access requests too, and why.");
        policy.MapPut("/", AccessPolicyEndpoints.PutAsync).RequireAuthorization(PlatformPolicies.DataHolder)
            .WithSummary("The dataset's data holders set whether their approval is required.");

        routes.MapGet("/api/ga4gh/passport", PassportEndpoints.PassportAsync).WithTags("Access")
            .RequireAuthorization(PlatformPolicies.SignedIn)
            .WithSummary("GA4GH Passport v1.2 ControlledAccessGrants visas for your tenants' active grants.");
        routes.MapGet(PassportEndpoints.JwksPath, PassportEndpoints.JwksAsync).WithTags("Access").AllowAnonymous()
            .WithSummary("The public keys that verify the platform's visas.");

        var clock = routes.ServiceProvider.GetRequiredService<AccessClock>();
        if (clock.Adjustable)
        {
            var testClock = routes.MapGroup("/api/admin/test-clock").WithTags("Development").RequireAuthorization(PlatformPolicies.Admin);
            testClock.MapGet("/", TestClockEndpoints.Get).WithSummary("The access clock's offset (Development only).");
            testClock.MapPut("/", TestClockEndpoints.SetAsync).WithSummary("Moves the access clock forward (Development only).");
        }

        return routes;
    }
}
