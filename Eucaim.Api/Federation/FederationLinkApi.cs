using System.Text;
using Eucaim.Api.Platform;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;
using Eucaim.Core.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Eucaim.Api.Federation;

/// <summary>
/// The link the nodes call (<see cref="FederationLink"/>): anonymous over HTTP, since the message's
/// signature is the credential (<see cref="ReceiveLinkMessage"/>). Every refusal is a problem naming
/// its reason, counted in the audit trail (<see cref="LinkRefusals"/>).
/// </summary>
internal static class FederationLinkApi
{
    private const string PollRoute = $"POST {FederationLink.PollPath}";
    private const string MessagesRoute = $"POST {FederationLink.MessagesPath}";

    /// <summary>What a node may send on the messages route.</summary>
    private static readonly string[] NodeMessageKinds =
    [
        FederationMessageKinds.CountAnswer, FederationMessageKinds.RunUpdate, FederationMessageKinds.RunResult,
        FederationMessageKinds.TrainUpdate, FederationMessageKinds.TrainResult,
    ];

    internal static IEndpointRouteBuilder MapFederationLinkApi(this IEndpointRouteBuilder routes)
    {
        var link = routes.MapGroup("").WithTags("Federation link").AllowAnonymous().AddEndpointFilter(FederationSetUpFilter.InvokeAsync);
        link.MapPost(FederationLink.PollPath, PollAsync).AddOpenApiOperationTransformer(DocumentBody)
            .WithSummary("A node's long poll (a signed poll message): its pending count queries, or an empty delivery when the wait ends.");
        link.MapPost(FederationLink.MessagesPath, MessageAsync).AddOpenApiOperationTransformer(DocumentBody)
            .WithSummary("A node's signed message to the hub (a count answer, a run or training update, a run result, a training contribution): 202 when accepted.");
        return routes;
    }

    /// <summary>
    /// Documents the JWS body without <c>Accepts</c> metadata: with it, routing would answer another
    /// media type with a bare 415 before the endpoint could say why and count the refusal.
    /// </summary>
    private static Task DocumentBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var text = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A compact JWS (ES256) signed by the node." } };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { [FederationMessage.MediaType] = text, ["text/plain"] = text },
        };
        return Task.CompletedTask;
    }

    private static async Task<Results<Ok<LinkDelivery>, ProblemHttpResult>> PollAsync(
        HttpContext http, ReceiveLinkMessage receive, PollFederationLink poll, LinkRefusals refusals, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var (receipt, refusal) = await ReceiveAsync(http, PollRoute, [FederationMessageKinds.Poll], receive, refusals, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        LinkPoll? body;
        try
        {
            body = receipt!.Message.BodyAs<LinkPoll>();
        }
        catch (System.Text.Json.JsonException ex)
        {
            return await RefuseAsync(http, PollRoute, receipt!.Node.Id, Problem.Invalid("body", $"the poll body is not valid: {ex.Message}"), refusals);
        }

        // A held poll ends when the node goes away or the Api stops, so it never delays a shutdown.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            return TypedResults.Ok(await poll.RunAsync(receipt.Node, body, ended.Token));
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // Nothing was taken after the wait ended; what the node may have missed is delivered again (PollFederationLink.RedeliverAfter).
            return TypedResults.Ok(new LinkDelivery([]));
        }
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> MessageAsync(
        HttpContext http, ReceiveLinkMessage receive, AcceptCountAnswer accept, AcceptRunUpdate runUpdate, AcceptRunResult runResult,
        AcceptTrainUpdate trainUpdate, AcceptTrainResult trainResult, LinkRefusals refusals, CancellationToken cancellationToken)
    {
        var (receipt, refusal) = await ReceiveAsync(http, MessagesRoute, NodeMessageKinds, receive, refusals, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = receipt!.Message.Kind switch
        {
            FederationMessageKinds.RunUpdate => await runUpdate.RunAsync(receipt, cancellationToken),
            FederationMessageKinds.RunResult => await runResult.RunAsync(receipt, cancellationToken),
            FederationMessageKinds.TrainUpdate => await trainUpdate.RunAsync(receipt, cancellationToken),
            FederationMessageKinds.TrainResult => await trainResult.RunAsync(receipt, cancellationToken),
            _ => await accept.RunAsync(receipt, cancellationToken),
        };
        return outcome.Succeeded
            ? TypedResults.Accepted((string?)null)
            : await RefuseAsync(http, MessagesRoute, receipt!.Node.Id, outcome.Problem, refusals);
    }

    private static async Task<(LinkReceipt? Receipt, ProblemHttpResult? Refusal)> ReceiveAsync(
        HttpContext http, string route, IReadOnlyCollection<string> kinds, ReceiveLinkMessage receive, LinkRefusals refusals, CancellationToken cancellationToken)
    {
        if (!IsMessageMediaType(http.Request.ContentType))
        {
            var problem = new Problem(ProblemKind.UnsupportedMediaType, "The body is not a federation message.",
                $"send the compact JWS as {FederationMessage.MediaType} (or text/plain).") { Rule = "media-type" };
            return (null, await RefuseAsync(http, route, null, problem, refusals));
        }

        var jws = await ReadBodyAsync(http.Request, cancellationToken);
        string? node = null;
        var outcome = jws is null
            ? Problem.Invalid("body", $"the body must be one compact JWS of at most {ReceiveLinkMessage.MaxMessageChars} characters.")
            : await receive.RunAsync(jws, kinds, n => node = n, cancellationToken);
        return outcome.Succeeded ? (outcome.Value, null) : (null, await RefuseAsync(http, route, node, outcome.Problem, refusals));
    }

    private static async Task<ProblemHttpResult> RefuseAsync(HttpContext http, string route, string? node, Problem problem, LinkRefusals refusals)
    {
        if (problem.Kind != ProblemKind.Unavailable)
        {
            await refusals.RecordAsync(http, route, node, problem);
        }

        return problem.ToHttpProblem();
    }

    private static bool IsMessageMediaType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals(FederationMessage.MediaType, StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body as text, or null when it is longer than a message may be.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new char[ReceiveLinkMessage.MaxMessageChars + 1];
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > ReceiveLinkMessage.MaxMessageChars ? null : new string(buffer, 0, total);
    }
}
