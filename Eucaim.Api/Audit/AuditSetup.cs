using Eucaim.Core.Audit;

namespace Eucaim.Api.Audit;

internal static class AuditSetup
{
    public static IHostApplicationBuilder AddEucaimAudit(this IHostApplicationBuilder builder)
    {
        builder.AddEucaimAuditCore();
        return builder;
    }

    /// <summary>Outermost of the capability middleware, so it sees the final status of every request.</summary>
    public static IApplicationBuilder UseEucaimAudit(this IApplicationBuilder app) => app.UseMiddleware<AuthorizationFailureAudit>();
}
