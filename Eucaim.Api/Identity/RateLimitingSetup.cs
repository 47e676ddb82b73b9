using System.Globalization;
using System.Threading.RateLimiting;
using Eucaim.Core.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Eucaim.Api.Identity;

/// <summary>
/// One global limiter, so every capability's endpoints are covered without opting in: anonymous
/// requests per client address, signed-in writes per person; signed-in reads and health probes
/// are free. A refused request gets 429, <c>Retry-After</c> and ProblemDetails.
/// </summary>
internal static class RateLimitingSetup
{
    private static readonly string[] FreePaths = ["/health", "/alive"];

    public static IServiceCollection AddEucaimRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section))
            .Validate(o => o.Anonymous.PermitLimit > 0 && o.Anonymous.WindowSeconds > 0 && o.Writes.PermitLimit > 0 && o.Writes.WindowSeconds > 0,
                $"{RateLimitingOptions.Section}: every PermitLimit and WindowSeconds must be positive.")
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

    public static PartitionedRateLimiter<HttpContext> CreateLimiter(RateLimitingOptions budgets) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (!budgets.Enabled || FreePaths.Any(p => http.Request.Path.StartsWithSegments(p)))
            {
                return RateLimitPartition.GetNoLimiter("free");
            }

            var identity = PlatformIdentity.From(http.User);
            if (identity.IsSignedIn)
            {
                return IsRead(http.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("signed-in-reads")
                    : RateLimitPartition.GetFixedWindowLimiter($"writes:{http.User.FindFirst("iss")?.Value}\n{identity.Subject}", _ => Window(budgets.PerReplica(budgets.Writes)));
            }

            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter($"anonymous:{address}", _ => Window(budgets.PerReplica(budgets.Anonymous)));
        });

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
