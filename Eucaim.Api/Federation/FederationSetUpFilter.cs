using Eucaim.Core.Federation;

namespace Eucaim.Api.Federation;

/// <summary>Answers 503, naming the missing key, on every federation endpoint while the hub has no signing key.</summary>
internal static class FederationSetUpFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.RequestServices.GetRequiredService<FederationHubKey>().NotSetUp is { } problem
            ? Platform.OutcomeResults.ToHttpProblem(problem)
            : await next(context);
}
