using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
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
/// An in-process stand-in for the Kubernetes API server, for the resources the provisioner uses
/// (and the Workers' coordination.k8s.io Leases):
/// create/get/list/replace/delete with the real 404 and 409 semantics, resourceVersion, label
/// selectors and watch streams, plus injected faults. It records every write, so a test can prove
/// that a reconcile of an unchanged tenant writes nothing.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["namespaces"] = "Namespace",
        ["resourcequotas"] = "ResourceQuota",
        ["limitranges"] = "LimitRange",
        ["serviceaccounts"] = "ServiceAccount",
        ["networkpolicies"] = "NetworkPolicy",
        ["jobs"] = "Job",
        ["pods"] = "Pod",
        ["secrets"] = "Secret",
        ["rolebindings"] = "RoleBinding",
        ["leases"] = "Lease",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _writes = new();
    private readonly List<FakeKubernetesFault> _faults = [];

    private FakeKubernetesApiServer(WebApplication app) => _app = app;

    public FakeKubernetesStore Store { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Every write in order, as <c>METHOD path</c>.</summary>
    public IReadOnlyList<string> Writes => [.. _writes];

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

    public void ClearWrites() => _writes.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value!.TrimEnd('/');
        var fault = TakeFault(method, path);
        if (fault?.Kind == FaultKind.Status)
        {
            await WriteStatusAsync(http, fault.StatusCode, fault.StatusCode == 403 ? "Forbidden" : "InternalError", $"injected {fault.StatusCode}");
            return;
        }

        if (fault?.Kind == FaultKind.Hang)
        {
            // The client's timeout ends this, like an API server that stopped answering.
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (method == "GET" && path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal) && path.EndsWith("/log", StringComparison.Ordinal)
            && path.Split('/') is [_, _, _, _, var logNamespace, "pods", var logPod, "log"])
        {
            string? text;
            lock (Store.Sync)
            {
                text = Store.Get($"/api/v1/namespaces/{logNamespace}/pods", logPod) is null ? null : Store.Log(logNamespace, logPod) ?? "";
            }

            if (text is null)
            {
                await WriteStatusAsync(http, 404, "NotFound", $"pods \"{logPod}\" not found");
                return;
            }

            http.Response.StatusCode = 200;
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync(text, http.RequestAborted);
            return;
        }

        if (!TryParse(path, out var target))
        {
            await WriteStatusAsync(http, 404, "NotFound", $"the server could not find the requested resource ({path})");
            return;
        }

        if (method != "GET")
        {
            _writes.Enqueue($"{method} {path}");
        }

        switch (method, target.Name)
        {
            case ("GET", null) when http.Request.Query["watch"] == "true" || http.Request.Query["watch"] == "1":
                await WatchAsync(http, target, dropAfterInitial: fault?.Kind == FaultKind.DropWatch);
                break;
            case ("GET", null):
                await ListAsync(http, target);
                break;
            case ("POST", null):
                await CreateAsync(http, target);
                break;
            case ("DELETE", null):
                await DeleteCollectionAsync(http, target);
                break;
            case ("GET", { } name):
                await GetAsync(http, target, name);
                break;
            case ("PUT", { } name):
                await ReplaceAsync(http, target, name);
                break;
            case ("DELETE", { } name):
                await DeleteAsync(http, target, name);
                break;
            default:
                await WriteStatusAsync(http, 405, "MethodNotAllowed", $"{method} is not supported on {path}");
                break;
        }
    }

    private FakeKubernetesFault? TakeFault(string method, string path)
    {
        lock (_faults)
        {
            var fault = _faults.FirstOrDefault(f => f.Matches(method, path));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            return fault;
        }
    }

    private async Task ListAsync(HttpContext http, Target target)
    {
        JsonObject list;
        lock (Store.Sync)
        {
            list = List(target, Select(http, Items(target)));
        }

        await WriteAsync(http, 200, list);
    }

    private async Task CreateAsync(HttpContext http, Target target)
    {
        var body = await ReadBodyAsync(http);
        var name = body["metadata"]?["name"]?.GetValue<string>();
        if (name is null)
        {
            await WriteStatusAsync(http, 422, "Invalid", "metadata.name: Required value");
            return;
        }

        int status;
        JsonObject result;
        lock (Store.Sync)
        {
            if (target.Namespace is not null && Store.Get("/api/v1/namespaces", target.Namespace) is null)
            {
                (status, result) = (404, Status(404, "NotFound", $"namespaces \"{target.Namespace}\" not found"));
            }
            else if (Store.Get(target.Collection, name) is not null)
            {
                (status, result) = (409, Status(409, "AlreadyExists", $"{target.Plural} \"{name}\" already exists"));
            }
            else
            {
                var metadata = body["metadata"]!.AsObject();
                metadata["uid"] = Guid.NewGuid().ToString();
                metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                if (target.Namespace is not null)
                {
                    metadata["namespace"] = target.Namespace;
                }

                body["apiVersion"] = target.ApiVersion;
                body["kind"] = target.Kind;
                (status, result) = (201, Store.Put(target.Collection, name, body, "ADDED"));
            }
        }

        await WriteAsync(http, status, result);
    }

    private async Task GetAsync(HttpContext http, Target target, string name)
    {
        JsonObject? item;
        lock (Store.Sync)
        {
            item = Store.Get(target.Collection, name);
        }

        await WriteAsync(http, item is null ? 404 : 200, item ?? Status(404, "NotFound", $"{target.Plural} \"{name}\" not found"));
    }

    private async Task ReplaceAsync(HttpContext http, Target target, string name)
    {
        var body = await ReadBodyAsync(http);
        int status;
        JsonObject result;
        lock (Store.Sync)
        {
            var current = Store.Get(target.Collection, name);
            var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (current is null)
            {
                (status, result) = (404, Status(404, "NotFound", $"{target.Plural} \"{name}\" not found"));
            }
            else if (sent is not null && sent != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                (status, result) = (409, Status(409, "Conflict",
                    $"Operation cannot be fulfilled on {target.Plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"));
            }
            else
            {
                var metadata = body["metadata"]!.AsObject();
                metadata["uid"] = current["metadata"]!["uid"]!.DeepClone();
                metadata["creationTimestamp"] = current["metadata"]!["creationTimestamp"]!.DeepClone();
                if (target.Namespace is not null)
                {
                    metadata["namespace"] = target.Namespace;
                }

                body["apiVersion"] = target.ApiVersion;
                body["kind"] = target.Kind;
                (status, result) = (200, Store.Put(target.Collection, name, body, "MODIFIED"));
            }
        }

        await WriteAsync(http, status, result);
    }

    private async Task DeleteAsync(HttpContext http, Target target, string name)
    {
        bool removed;
        lock (Store.Sync)
        {
            removed = Store.Remove(target.Collection, name);
        }

        await WriteAsync(http, removed ? 200 : 404, removed
            ? new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success", ["code"] = 200 }
            : Status(404, "NotFound", $"{target.Plural} \"{name}\" not found"));
    }

    private async Task DeleteCollectionAsync(HttpContext http, Target target)
    {
        lock (Store.Sync)
        {
            foreach (var item in Select(http, Store.List(target.Collection)))
            {
                Store.Remove(target.Collection, item["metadata"]!["name"]!.GetValue<string>());
            }
        }

        await WriteAsync(http, 200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success", ["code"] = 200 });
    }

    /// <summary>Newline-delimited watch events: the current objects as ADDED, then every change, until the client leaves.</summary>
    private async Task WatchAsync(HttpContext http, Target target, bool dropAfterInitial)
    {
        var events = Channel.CreateUnbounded<JsonObject>();
        IDisposable subscription;
        lock (Store.Sync)
        {
            var from = http.Request.Query["resourceVersion"].ToString();
            if (from.Length > 0 && from != "0")
            {
                // Resume: only what changed after the version the client saw, as the API server does.
                foreach (var (collection, type, item) in Store.Since(long.Parse(from, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    if (InCollection(target, collection) && MatchesSelector(http, item))
                    {
                        events.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = item });
                    }
                }
            }
            else
            {
                foreach (var item in Select(http, Items(target)))
                {
                    events.Writer.TryWrite(new JsonObject { ["type"] = "ADDED", ["object"] = item });
                }
            }

            subscription = Store.Watch((collection, type, item) =>
            {
                if (InCollection(target, collection) && MatchesSelector(http, item))
                {
                    events.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = item });
                }
            });
        }

        using (subscription)
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = "application/json";
            await http.Response.Body.FlushAsync(http.RequestAborted);
            try
            {
                while (true)
                {
                    if (dropAfterInitial && !events.Reader.TryPeek(out _))
                    {
                        // The connection ends without a final event, as when a load balancer cuts an idle watch.
                        return;
                    }

                    var next = await events.Reader.ReadAsync(http.RequestAborted);
                    await http.Response.WriteAsync(next.ToJsonString() + "\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The client closed the watch.
            }
        }
    }

    /// <summary>A cluster-wide target (<c>Namespace</c> "*") covers the namespaced collections of its kind.</summary>
    private static bool InCollection(Target target, string collection) =>
        target.Namespace == "*"
            ? collection.StartsWith(target.Collection[..target.Collection.IndexOf("/*/", StringComparison.Ordinal)] + "/namespaces/", StringComparison.Ordinal)
              && collection.EndsWith("/" + target.Plural, StringComparison.Ordinal)
            : collection == target.Collection;

    private IReadOnlyList<JsonObject> Items(Target target) =>
        target.Namespace == "*" ? Store.ListWhere(c => InCollection(target, c)) : Store.List(target.Collection);

    private static IEnumerable<JsonObject> Select(HttpContext http, IEnumerable<JsonObject> items) => items.Where(i => MatchesSelector(http, i));

    /// <summary>Equality selectors (<c>a=b,c!=d</c>) and existence (<c>a</c>), the forms the platform uses.</summary>
    private static bool MatchesSelector(HttpContext http, JsonObject item)
    {
        var selector = http.Request.Query["labelSelector"].ToString();
        if (selector.Length == 0)
        {
            return true;
        }

        var labels = item["metadata"]?["labels"] as JsonObject;
        string? Label(string key) => labels?[key]?.GetValue<string>();
        foreach (var requirement in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = requirement.Split("!=", 2);
            var equal = requirement.Split('=', 2);
            var ok = notEqual.Length == 2 ? Label(notEqual[0]) != notEqual[1]
                : equal.Length == 2 ? Label(equal[0].TrimEnd('=')) == equal[1].TrimStart('=')
                : Label(requirement) is not null;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private JsonObject List(Target target, IEnumerable<JsonObject> items) => new()
    {
        ["apiVersion"] = target.ApiVersion,
        ["kind"] = $"{target.Kind}List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray([.. items]),
    };

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static Task WriteStatusAsync(HttpContext http, int code, string reason, string message) => WriteAsync(http, code, Status(code, reason, message));

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext http) =>
        (await JsonSerializer.DeserializeAsync<JsonObject>(http.Request.Body, cancellationToken: http.RequestAborted))!;

    private static bool TryParse(string path, out Target target)
    {
        target = default;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int prefix;
        string apiVersion;
        if (segments is ["api", "v1", ..])
        {
            (prefix, apiVersion) = (2, "v1");
        }
        else if (segments is ["apis", var group, var version, ..])
        {
            (prefix, apiVersion) = (3, $"{group}/{version}");
        }
        else
        {
            return false;
        }

        var rest = segments[prefix..];
        var root = "/" + string.Join('/', segments[..prefix]);
        (string Collection, string? Namespace, string Plural, string? Name)? parsed = rest switch
        {
            ["namespaces"] => ($"{root}/namespaces", null, "namespaces", null),
            [var plural] when plural is "jobs" or "pods" => ($"{root}/*/{plural}", "*", plural, null),
            ["namespaces", var name] => ($"{root}/namespaces", null, "namespaces", name),
            ["namespaces", var ns, var plural] => ($"{root}/namespaces/{ns}/{plural}", ns, plural, null),
            ["namespaces", var ns, var plural, var name] => ($"{root}/namespaces/{ns}/{plural}", ns, plural, name),
            _ => null,
        };
        if (parsed is not { } p || !Kinds.TryGetValue(p.Plural, out var kind))
        {
            return false;
        }

        // Namespaces live under /api/v1 only.
        var collection = p.Plural == "namespaces" ? "/api/v1/namespaces" : p.Collection;
        target = new Target(collection, p.Namespace, p.Plural, p.Name, apiVersion, kind);
        return true;
    }

    private readonly record struct Target(string Collection, string? Namespace, string Plural, string? Name, string ApiVersion, string Kind);
}
