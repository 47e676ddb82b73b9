using System.Globalization;
using k8s;
using k8s.Autorest;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// A container's log with timestamps, from <paramref name="since"/> on when given. <c>sinceTime</c> is a
/// field of PodLogOptions that the OpenAPI description of the log endpoint leaves out, so the generated
/// client cannot send it: the request is built here and sent through the client's own HttpClient and
/// credentials, with its timeout for the response headers, as its generated methods do.
/// </summary>
internal static class PodLogRequest
{
    public static async Task<Stream> ReadAsync(IKubernetes client, string pod, string ns, string container, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        if (since is null || client is not k8s.Kubernetes concrete)
        {
            return await client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container: container, timestamps: true, cancellationToken: cancellationToken);
        }

        // The API server forwards sinceTime with second precision: ask from the cursor's second.
        var sinceTime = since.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var path = $"api/v1/namespaces/{Uri.EscapeDataString(ns)}/pods/{Uri.EscapeDataString(pod)}/log"
            + $"?container={Uri.EscapeDataString(container)}&timestamps=true&sinceTime={Uri.EscapeDataString(sinceTime)}";
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(concrete.BaseUri, path));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(concrete.HttpClientTimeout);
        if (concrete.Credentials is not null)
        {
            await concrete.Credentials.ProcessHttpRequestAsync(request, timeout.Token);
        }

        var response = await concrete.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }

        // The same exception the generated methods throw, so callers handle both paths alike.
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        using (request)
        using (response)
        {
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}', response body {content}")
            {
                Request = new HttpRequestMessageWrapper(request, ""),
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }
    }
}
