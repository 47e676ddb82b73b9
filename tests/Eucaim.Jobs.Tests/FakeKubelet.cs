using System.Text.Json.Nodes;
using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>
/// Plays the kubelet for one pod (restartPolicy Never) on the fake API server, as Kubernetes 1.29+ runs
/// native sidecars: init containers in order, a sidecar (an init container with restartPolicy Always)
/// started in its place and left running; then the regular containers; when they have all exited the
/// sidecars get SIGTERM in reverse order and the pod turns Succeeded or Failed only once they have exited,
/// or once <c>terminationGracePeriodSeconds</c> ran out (the sidecar is then killed: exit 137). Finally
/// the Job controller marks the Job Complete or Failed. Each container is a process the test supplies:
/// given the SIGTERM signal as a token, it returns the exit code; one without a process exits 0 at once
/// (a sidecar: on SIGTERM). Every step is written to the pod's status, so the watch sees it.
/// </summary>
internal sealed class FakeKubelet(FakeKubernetesApiServer server, TimeProvider time)
{
    private const int Killed = 137;

    public Dictionary<string, Func<CancellationToken, Task<int>>> Processes { get; } = new(StringComparer.Ordinal);

    /// <summary>Containers in the order they started.</summary>
    public List<string> Started { get; } = [];

    public async Task RunAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var grace = TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? 30);
        var sidecars = new List<(string Name, Task<int> Exit, CancellationTokenSource Sigterm)>();
        var failed = false;
        Phase(pod, "Pending");
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            if (init.RestartPolicy == "Always")
            {
                var sigterm = new CancellationTokenSource();
                sidecars.Add((init.Name, Start(pod, init.Name, init: true, sigterm.Token, sidecar: true), sigterm));
                continue;
            }

            var exit = await Start(pod, init.Name, init: true, CancellationToken.None, sidecar: false);
            Terminated(pod, init.Name, init: true, exit);
            if (exit != 0)
            {
                failed = true;
                break;
            }
        }

        if (!failed)
        {
            Phase(pod, "Running");
            var main = (pod.Spec.Containers ?? []).Select(c => (c.Name, Exit: Start(pod, c.Name, init: false, CancellationToken.None, sidecar: false))).ToList();
            foreach (var (name, exit) in main)
            {
                Terminated(pod, name, init: false, await exit);
                failed |= await exit != 0;
            }
        }

        // One grace period for the whole shutdown, the sidecars stopped last-declared first.
        var deadline = time.GetUtcNow() + grace;
        foreach (var (name, exit, sigterm) in Enumerable.Reverse(sidecars))
        {
            await sigterm.CancelAsync();
            var left = deadline - time.GetUtcNow();
            var ended = left > TimeSpan.Zero && await Task.WhenAny(exit, Task.Delay(left, time, cancellationToken)) == exit;
            Terminated(pod, name, init: true, ended ? await exit : Killed);
            sigterm.Dispose();
        }

        Phase(pod, failed ? "Failed" : "Succeeded");
        var jobName = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == "Job")?.Name;
        if (jobName is not null)
        {
            JobCondition(pod.Metadata.NamespaceProperty, jobName, failed ? "Failed" : "Complete");
        }
    }

    private Task<int> Start(V1Pod pod, string name, bool init, CancellationToken sigterm, bool sidecar)
    {
        lock (Started)
        {
            Started.Add(name);
        }

        SetState(pod, name, init, new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = time.GetUtcNow().UtcDateTime } });
        if (Processes.TryGetValue(name, out var process))
        {
            return Task.Run(() => process(sigterm), CancellationToken.None);
        }

        return sidecar ? WaitForSigterm(sigterm) : Task.FromResult(0);
    }

    private static async Task<int> WaitForSigterm(CancellationToken sigterm)
    {
        await Task.Delay(Timeout.Infinite, sigterm).ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }

    private void Terminated(V1Pod pod, string name, bool init, int exitCode) =>
        SetState(pod, name, init, new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated
            {
                ExitCode = exitCode,
                Reason = exitCode == 0 ? "Completed" : "Error",
                FinishedAt = time.GetUtcNow().UtcDateTime,
            },
        });

    private void SetState(V1Pod pod, string name, bool init, V1ContainerState state) => Change(pod, status =>
    {
        var statuses = init ? status.InitContainerStatuses ??= [] : status.ContainerStatuses ??= [];
        var existing = statuses.FirstOrDefault(s => s.Name == name);
        if (existing is null)
        {
            statuses.Add(new V1ContainerStatus { Name = name, Image = "x", ImageID = "", Ready = state.Running is not null, RestartCount = 0, State = state });
        }
        else
        {
            existing.State = state;
            existing.Ready = state.Running is not null;
        }
    });

    private void Phase(V1Pod pod, string phase) => Change(pod, status => status.Phase = phase);

    private void Change(V1Pod pod, Action<V1PodStatus> change)
    {
        lock (server.Store.Sync)
        {
            var collection = $"/api/v1/namespaces/{pod.Metadata.NamespaceProperty}/pods";
            var current = KubernetesJson.Deserialize<V1Pod>(server.Store.Get(collection, pod.Metadata.Name)!.ToJsonString());
            current.Status ??= new V1PodStatus();
            change(current.Status);
            server.Store.Put(collection, pod.Metadata.Name, JsonNode.Parse(KubernetesJson.Serialize(current))!.AsObject(), "MODIFIED");
        }
    }

    private void JobCondition(string ns, string jobName, string type)
    {
        lock (server.Store.Sync)
        {
            var collection = $"/apis/batch/v1/namespaces/{ns}/jobs";
            var job = server.Store.Get(collection, jobName);
            if (job is null)
            {
                return;
            }

            job["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = type,
                    ["status"] = "True",
                    ["reason"] = type == "Complete" ? "CompletionsReached" : "BackoffLimitExceeded",
                }),
                [type == "Complete" ? "succeeded" : "failed"] = 1,
            };
            server.Store.Put(collection, jobName, job, "MODIFIED");
        }
    }
}
