using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// <c>GET …/pods/NAME/log</c> as the kubelet answers it: <c>container</c> (required when the pod has
/// several), 400 while the container is waiting to start, <c>tailLines</c> (taken first), then
/// <c>sinceTime</c> (RFC 3339, truncated to the second as the API server forwards it) or
/// <c>sinceSeconds</c>, <c>timestamps</c> (RFC 3339 with nanoseconds, trailing zeros trimmed, as Go
/// prints them), <c>limitBytes</c>, and <c>follow</c>, which keeps the stream open until the container ends.
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private long _logBytesSent;
    private long _logLinesSent;

    private async Task LogAsync(HttpContext http, string ns, string podName, IReadOnlyDictionary<string, string> query)
    {
        var pods = new Target($"/api/v1/namespaces/{ns}/pods", ns, "pods", podName, "v1", "Pod");
        FakeKubernetesResult? refusal;
        string container;
        DateTimeOffset? since;
        lock (Store.Sync)
        {
            (refusal, container, since) = LogRequest(pods, podName, query);
        }

        if (refusal is { } refused)
        {
            await WriteAsync(http, refused);
            return;
        }

        var timestamps = query.GetValueOrDefault("timestamps") == "true";
        var follow = query.GetValueOrDefault("follow") == "true";
        var tail = query.GetValueOrDefault("tailLines") is { } tailLines ? int.Parse(tailLines, CultureInfo.InvariantCulture) : (int?)null;
        var limit = query.GetValueOrDefault("limitBytes") is { } limitBytes ? long.Parse(limitBytes, CultureInfo.InvariantCulture) : long.MaxValue;
        var isMine = (FakeKubernetesLogLine l) => l.Container == container || l.Container is null && container == FirstContainer(ns, podName);

        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        var changed = new SemaphoreSlim(0);
        void Wake() => changed.Release();
        IDisposable subscription;
        lock (Store.Sync)
        {
            Store.LogAppended += Wake;
            subscription = Store.Watch((_, _, _) => Wake());
        }

        try
        {
            var sent = 0;
            var first = true;
            while (true)
            {
                List<FakeKubernetesLogLine> lines;
                bool ended;
                lock (Store.Sync)
                {
                    var all = Store.Log(ns, podName).Where(isMine).ToList();
                    lines = first && tail is { } n ? all.Skip(Math.Max(0, all.Count - n)).ToList() : all.Skip(sent).ToList();
                    sent = all.Count;
                    var pod = Store.Get(pods.Collection, podName);
                    ended = pod is null || State(pod, container)?["terminated"] is not null;
                }

                first = false;
                var text = new StringBuilder();
                foreach (var line in lines.Where(l => since is null || l.At >= since))
                {
                    text.Append(timestamps ? $"{GoTime(line.At)} {line.Text}\n" : $"{line.Text}\n");
                    Interlocked.Increment(ref _logLinesSent);
                }

                var bytes = Encoding.UTF8.GetBytes(text.ToString());
                var take = (int)Math.Min(bytes.Length, limit);
                limit -= take;
                Interlocked.Add(ref _logBytesSent, take);
                await http.Response.Body.WriteAsync(bytes.AsMemory(0, take), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                if (!follow || ended || limit <= 0)
                {
                    return;
                }

                await changed.WaitAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client stopped following.
        }
        finally
        {
            lock (Store.Sync)
            {
                Store.LogAppended -= Wake;
            }

            subscription.Dispose();
        }
    }

    private (FakeKubernetesResult? Refusal, string Container, DateTimeOffset? Since) LogRequest(Target pods, string podName, IReadOnlyDictionary<string, string> query)
    {
        var pod = Store.Get(pods.Collection, podName);
        if (pod is null)
        {
            return (KubeStatus.NotFound(pods, podName), "", null);
        }

        var regular = Names(pod, "containers");
        var init = Names(pod, "initContainers");
        var asked = query.GetValueOrDefault("container");
        if (asked is null && regular.Count != 1)
        {
            return (KubeStatus.Failure(400,
                $"a container name must be specified for pod {podName}, choose one of: [{string.Join(" ", regular)}] or one of the init containers: [{string.Join(" ", init)}]"), "", null);
        }

        var container = asked ?? regular[0];
        if (!regular.Contains(container) && !init.Contains(container))
        {
            return (KubeStatus.Failure(400, $"container {container} is not valid for pod {podName}"), "", null);
        }

        var state = State(pod, container);
        if (state?["running"] is null && state?["terminated"] is null)
        {
            var reason = state?["waiting"]?["reason"]?.GetValue<string>() ?? "ContainerCreating";
            return (KubeStatus.Failure(400, $"container \"{container}\" in pod \"{podName}\" is waiting to start: {reason}"), "", null);
        }

        if (query.ContainsKey("sinceTime") && query.ContainsKey("sinceSeconds"))
        {
            return (KubeStatus.Failure(422, $"PodLogOptions \"{podName}\" is invalid: sinceSeconds: Forbidden: at most one of sinceTime or sinceSeconds may be specified"), "", null);
        }

        if (query.GetValueOrDefault("sinceTime") is { } time)
        {
            var at = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            return (null, container, new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), at.Offset));
        }

        return query.GetValueOrDefault("sinceSeconds") is { } seconds
            ? (null, container, Store.Time.GetUtcNow() - TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)))
            : (null, container, null);
    }

    /// <summary>Go's RFC3339Nano: up to nine fraction digits, trailing zeros trimmed.</summary>
    private static string GoTime(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var fraction = (utc.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
    }

    private string? FirstContainer(string ns, string pod)
    {
        lock (Store.Sync)
        {
            return Store.Get($"/api/v1/namespaces/{ns}/pods", pod) is { } item ? Names(item, "containers").FirstOrDefault() : null;
        }
    }

    private static List<string> Names(JsonObject pod, string section) =>
        [.. (pod["spec"]?[section]?.AsArray() ?? []).Select(c => c?["name"]?.GetValue<string>() ?? "")];

    private static JsonNode? State(JsonObject pod, string container) =>
        new[] { "containerStatuses", "initContainerStatuses" }
            .SelectMany(s => pod["status"]?[s]?.AsArray() ?? [])
            .FirstOrDefault(s => s?["name"]?.GetValue<string>() == container)?["state"];
}
