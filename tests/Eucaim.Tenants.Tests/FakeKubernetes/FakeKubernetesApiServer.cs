using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Tenants.Tests.FakeKubernetes;

/// <summary>
/// An in-process stand-in for the Kubernetes API server, for the resources the platform uses, that
/// answers as the real one does where the platform depends on it: create/get/list/replace/patch/delete
/// with the real 404/409 semantics and resourceVersion; merge, strategic-merge (as merge) and
/// server-side apply patches with field managers; <c>dryRun=All</c>; label selectors; list+watch with
/// bookmarks, history compaction and 410 Expired; admission (terminating namespaces, LimitRange
/// defaults, Secret and object size limits, Pod Security "restricted", ResourceQuota, see
/// <see cref="FakeKubernetesAdmission"/>); deletion propagation; pod logs with their query parameters;
/// and injected faults. It records every request (<see cref="RequestCount"/>) and every write
/// (<see cref="Writes"/>), so a test can prove that a reconcile of an unchanged tenant writes nothing
/// or that a watcher does not hammer the server.
/// </summary>
public sealed partial class FakeKubernetesApiServer : IAsyncDisposable
{
    /// <summary>The API server's limit on a write request's body (<c>MaxRequestBodyBytes</c>).</summary>
    public const int MaxRequestBodyBytes = 3 * 1024 * 1024;

    private static readonly JsonSerializerOptions JsonOutput = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _writes = new();
    private readonly ConcurrentQueue<FakeKubernetesRequest> _requests = new();
    private readonly List<FakeKubernetesFault> _faults = [];
    private readonly FakeKubernetesAdmission _admission;
    private CancellationTokenSource _closeWatches = new();

    private FakeKubernetesApiServer(WebApplication app)
    {
        _app = app;
        _admission = new FakeKubernetesAdmission(Store);
        // The quota controller: status.used follows every change in a namespace with a quota.
        Store.Watch((collection, _, item) =>
        {
            if (item["metadata"]?["namespace"]?.GetValue<string>() is { } ns && !collection.EndsWith("/events", StringComparison.Ordinal))
            {
                _admission.RefreshQuotaStatus(ns);
            }
        });
    }

    public FakeKubernetesStore Store { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Every write in order, as <c>METHOD path</c> (dry runs write nothing and are not listed).</summary>
    public IReadOnlyList<string> Writes => [.. _writes];

    /// <summary>Every request the clients made, in order.</summary>
    public IReadOnlyList<FakeKubernetesRequest> Requests => [.. _requests];

    /// <summary>How often a watch that asked for bookmarks gets one when nothing else happened.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A deleted namespace is Terminating until its content is gone. By default the namespace controller
    /// finishes at once (the DELETE answers the Terminating namespace, which is gone right after); with
    /// this set, namespaces stay Terminating until <see cref="FinishTerminating"/>.
    /// </summary>
    public bool HoldTerminatingNamespaces { get; set; }

    /// <summary>Bytes and lines of pod logs sent to clients, to prove a reader downloads only what is new.</summary>
    public long LogBytesSent => Interlocked.Read(ref _logBytesSent);

    public long LogLinesSent => Interlocked.Read(ref _logLinesSent);

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>A client of this server, the way the provisioner builds one from a kubeconfig.</summary>
    public Kubernetes CreateClient(TimeSpan? timeout = null) =>
        new(new KubernetesClientConfiguration { Host = Url.ToString(), HttpClientTimeout = timeout ?? TimeSpan.FromSeconds(100) });

    public void Inject(FakeKubernetesFault fault)
    {
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public void ClearWrites() => _writes.Clear();

    /// <summary>Requests with this method (null: any) whose path contains <paramref name="pathContains"/>; watches only, lists only, or both.</summary>
    public int RequestCount(string? method, string pathContains, bool? watch = null) =>
        _requests.Count(r => (method is null || r.Method == method) && (watch is null || r.Watch == watch) && r.Path.Contains(pathContains, StringComparison.Ordinal));

    /// <summary>Compacts the watch history at the current resourceVersion: a watch from an older one answers 410 Expired.</summary>
    public void Compact()
    {
        lock (Store.Sync)
        {
            Store.Compact();
        }
    }

    /// <summary>Ends every open watch stream cleanly, as an API server restart or a watch timeout does.</summary>
    public void CloseWatches()
    {
        var previous = Interlocked.Exchange(ref _closeWatches, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    /// <summary>The namespace controller's work for every Terminating namespace: remove the content, then the namespace.</summary>
    public void FinishTerminating()
    {
        lock (Store.Sync)
        {
            foreach (var ns in Store.List("/api/v1/namespaces").Where(n => n["metadata"]?["deletionTimestamp"] is not null))
            {
                Purge(ns["metadata"]!["name"]!.GetValue<string>());
            }
        }
    }

    /// <summary>
    /// A request made by a cluster component (the Job controller, the kubelet) rather than a client of the
    /// platform: it goes through the same admission, but is neither counted nor listed in <see cref="Writes"/>.
    /// </summary>
    public FakeKubernetesResult Submit(string method, string path, JsonObject? body, string manager = "kube-controller-manager")
    {
        if (!Target.TryParse(path, out var target))
        {
            throw new ArgumentException($"not a resource path: {path}", nameof(path));
        }

        return Execute(new Call(method, target, body, new Dictionary<string, string>(StringComparer.Ordinal), manager, "application/json"));
    }

    public async ValueTask DisposeAsync()
    {
        await _closeWatches.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _closeWatches.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value!.TrimEnd('/');
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var watch = method == "GET" && query.GetValueOrDefault("watch") is "true" or "1";
        _requests.Enqueue(new FakeKubernetesRequest(method, path, http.Request.QueryString.Value ?? "", watch));
        var fault = TakeFault(method, path, watch);
        switch (fault?.Kind)
        {
            case FaultKind.Status:
                if (fault.StatusCode == 429)
                {
                    http.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await WriteAsync(http, KubeStatus.Failure(fault.StatusCode, fault.Message ?? $"injected {fault.StatusCode}",
                    details: fault.StatusCode == 429 ? new JsonObject { ["retryAfterSeconds"] = fault.RetryAfterSeconds } : null));
                return;
            case FaultKind.Hang:
                // The client's timeout ends this, like an API server that stopped answering.
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case FaultKind.Slow:
                await Task.Delay(fault.DelayMilliseconds, http.RequestAborted);
                break;
        }

        if (method == "GET" && path.Split('/') is [_, "api", "v1", "namespaces", var logNamespace, "pods", var logPod, "log"])
        {
            await LogAsync(http, logNamespace, logPod, query);
            return;
        }

        if (!Target.TryParse(path, out var target))
        {
            await WriteAsync(http, KubeStatus.Failure(404, $"the server could not find the requested resource ({path})"));
            return;
        }

        if (watch && target.Name is null)
        {
            await WatchAsync(http, target, query, fault?.Kind);
            return;
        }

        JsonObject? body = null;
        if (method is "POST" or "PUT" or "PATCH" or "DELETE" && (http.Request.ContentLength ?? 1) > 0)
        {
            var bytes = await ReadBodyAsync(http);
            if (bytes.Length > MaxRequestBodyBytes)
            {
                await WriteAsync(http, KubeStatus.Failure(413, $"Request entity too large: limit is {MaxRequestBodyBytes}"));
                return;
            }

            try
            {
                body = bytes.Length == 0 ? null : JsonNode.Parse(bytes) as JsonObject;
            }
            catch (JsonException ex)
            {
                await WriteAsync(http, KubeStatus.Failure(400, $"error decoding the request body: {ex.Message}"));
                return;
            }
        }

        // Without fieldManager, the real server names the manager after the client's user agent.
        var agent = http.Request.Headers.UserAgent.ToString().Split('/')[0];
        var call = new Call(method, target, body, query, query.GetValueOrDefault("fieldManager") ?? (agent.Length > 0 ? agent : "unknown"), http.Request.ContentType);
        var result = Execute(call);
        if (method != "GET" && call.DryRun is null)
        {
            _writes.Enqueue($"{method} {path}");
        }

        if (result.Warning is { } warning)
        {
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await WriteAsync(http, result);
    }

    private FakeKubernetesResult Execute(Call call)
    {
        if (call.DryRun is { } dryRun && dryRun != "All")
        {
            return KubeStatus.Failure(400, $"Invalid dry run value: {dryRun}; only All is supported");
        }

        lock (Store.Sync)
        {
            return (call.Method, call.Target.Name) switch
            {
                ("GET", null) => List(call),
                ("GET", { } name) => Get(call, name),
                ("POST", null) => Create(call),
                ("PUT", { } name) => Replace(call, name),
                ("PATCH", { } name) => Patch(call, name),
                ("DELETE", { } name) => Delete(call, name),
                ("DELETE", null) => DeleteCollection(call),
                _ => KubeStatus.Failure(405, $"{call.Method} is not supported on {call.Target.Collection}"),
            };
        }
    }

    private FakeKubernetesFault? TakeFault(string method, string path, bool watch)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Matches(method, path, watch));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
    }

    private static async Task WriteAsync(HttpContext http, FakeKubernetesResult result)
    {
        http.Response.StatusCode = result.Code;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(Json(result.Body), http.RequestAborted);
    }

    /// <summary>JSON as the API server writes it: quotes escaped as <c>\"</c>, not <c>\u0022</c>, so messages read as the real ones.</summary>
    private static string Json(JsonNode node) => node.ToJsonString(JsonOutput);

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }

    /// <summary>One API call, from a client over HTTP or from a cluster component through <see cref="Submit"/>.</summary>
    private sealed record Call(string Method, Target Target, JsonObject? Body, IReadOnlyDictionary<string, string> Query, string Manager, string? ContentType)
    {
        public string? DryRun => Query.GetValueOrDefault("dryRun");

        public string? Selector => Query.GetValueOrDefault("labelSelector");

        public string MediaType => (ContentType ?? "application/json").Split(';')[0].Trim();
    }
}

/// <summary>A request as the fake API server received it.</summary>
public sealed record FakeKubernetesRequest(string Method, string Path, string Query, bool Watch);
