using System.Globalization;
using System.Threading.RateLimiting;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>
/// One global limiter, so every capability's endpoints are covered without opting in: anonymous
/// requests per client address; signed-in reads and writes per person, each with a budget of its
/// own, and all signed-in requests of one client address together. Only the health probes are free.
/// A refused request gets 429, <c>Retry-After</c> and ProblemDetails.
/// </summary>
internal static class RateLimitingSetup
{
    private static readonly string[] FreePaths = ["/health", "/alive"];

    public static IServiceCollection AddEucaimRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section))
            .Validate(o => o.All().All(b => b.Budget.PermitLimit > 0 && b.Budget.WindowSeconds > 0),
                $"{RateLimitingOptions.Section}: every PermitLimit and WindowSeconds (Anonymous, Reads, Writes, SignedInPerAddress) must be positive.")
            .Validate(o => o.Replicas >= 1, $"{RateLimitingOptions.Section}:Replicas (the number of Api replicas sharing the budgets) must be at least 1.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, budgets) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = CreateLimiter(budgets.Value);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// Two limiters chained: the caller's own budget (per address when anonymous, per person and kind
    /// of request when signed in), then the address's budget for signed-in requests. A request must
    /// get a permit from both; a refusal by either is a 429.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> CreateLimiter(RateLimitingOptions budgets) =>
        PartitionedRateLimiter.CreateChained(CallerLimiter(budgets), SignedInAddressLimiter(budgets));

    private static PartitionedRateLimiter<HttpContext> CallerLimiter(RateLimitingOptions budgets) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (IsFree(budgets, http))
            {
                return RateLimitPartition.GetNoLimiter("free");
            }

            var identity = PlatformIdentity.From(http.User);
            if (identity.IsSignedIn)
            {
                var person = $"{http.User.FindFirst("iss")?.Value}\n{identity.Subject}";
                return IsRead(http.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter($"reads:{person}", _ => Window(budgets.PerReplica(budgets.Reads)))
                    : RateLimitPartition.GetFixedWindowLimiter($"writes:{person}", _ => Window(budgets.PerReplica(budgets.Writes)));
            }

            return RateLimitPartition.GetFixedWindowLimiter($"anonymous:{Address(http)}", _ => Window(budgets.PerReplica(budgets.Anonymous)));
        });

    private static PartitionedRateLimiter<HttpContext> SignedInAddressLimiter(RateLimitingOptions budgets) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            IsFree(budgets, http) || !PlatformIdentity.From(http.User).IsSignedIn
                ? RateLimitPartition.GetNoLimiter("not-signed-in")
                : RateLimitPartition.GetFixedWindowLimiter($"signed-in-address:{Address(http)}", _ => Window(budgets.PerReplica(budgets.SignedInPerAddress))));

    private static bool IsFree(RateLimitingOptions budgets, HttpContext http) =>
        !budgets.Enabled || FreePaths.Any(p => http.Request.Path.StartsWithSegments(p));

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static FixedWindowRateLimiterOptions Window(RateLimitingOptions.Budget budget) => new()
    {
        PermitLimit = budget.PermitLimit,
        Window = TimeSpan.FromSeconds(budget.WindowSeconds),
        QueueLimit = 0,
    };

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"This client has used its request budget; try again in {seconds} s.",
            },
        });
    }
}
