using Eucaim.Tenants.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>The fake kubelet runs native sidecars as Kubernetes does: the pod finishes only after its sidecars, within the grace period.</summary>
public sealed class FakeKubeletTests
{
    [Fact]
    public async Task Init_containers_run_in_order_and_the_pod_succeeds_only_after_the_sidecar_finished_its_work_on_sigterm()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var id = await cluster.CreateJobAsync(Spec(grace: 30));
        var pod = cluster.Controller.CreatePod(id);
        var kubelet = new FakeKubelet(cluster.Server, TimeProvider.System);
        var sigterm = new TaskCompletionSource();
        var uploaded = new TaskCompletionSource();
        kubelet.Processes["upload"] = async stop =>
        {
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            sigterm.SetResult();
            await uploaded.Task;
            return 0;
        };

        var run = kubelet.RunAsync(pod, CancellationToken.None);
        await sigterm.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = await cluster.PodAsync(pod.Metadata.Name);
        Assert.Equal(["stage", "upload", "job"], kubelet.Started);
        Assert.Equal("Running", stopping.Status.Phase);
        Assert.Equal(0, stopping.Status.ContainerStatuses.Single(c => c.Name == "job").State.Terminated.ExitCode);
        Assert.NotNull(stopping.Status.InitContainerStatuses.Single(c => c.Name == "upload").State.Running);
        Assert.Null((await cluster.Client.BatchV1.ReadNamespacedJobAsync(pod.Metadata.OwnerReferences[0].Name, FakeCluster.Namespace)).Status?.Conditions);

        uploaded.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var done = await cluster.PodAsync(pod.Metadata.Name);
        Assert.Equal("Succeeded", done.Status.Phase);
        Assert.Equal(0, done.Status.InitContainerStatuses.Single(c => c.Name == "upload").State.Terminated.ExitCode);
        var job = await cluster.Client.BatchV1.ReadNamespacedJobAsync(pod.Metadata.OwnerReferences[0].Name, FakeCluster.Namespace);
        Assert.Equal("Complete", Assert.Single(job.Status.Conditions).Type);
    }

    [Fact]
    public async Task A_sidecar_that_outlives_the_grace_period_is_killed_with_137_and_only_then_the_pod_finishes()
    {
        await using var cluster = await FakeCluster.StartAsync();
        var id = await cluster.CreateJobAsync(Spec(grace: 5));
        var pod = cluster.Controller.CreatePod(id);
        var time = new ManualTimeProvider();
        var kubelet = new FakeKubelet(cluster.Server, time);
        var never = new TaskCompletionSource<int>();
        kubelet.Processes["upload"] = _ => never.Task;
        kubelet.Processes["job"] = _ => Task.FromResult(3);

        var run = kubelet.RunAsync(pod, CancellationToken.None);
        await Eventually.UntilAsync(() => time.PendingTimers == 1, "the kubelet waits out the grace period");

        Assert.Equal("Running", (await cluster.PodAsync(pod.Metadata.Name)).Status.Phase);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var done = await cluster.PodAsync(pod.Metadata.Name);
        Assert.Equal(137, done.Status.InitContainerStatuses.Single(c => c.Name == "upload").State.Terminated.ExitCode);
        Assert.Equal("Failed", done.Status.Phase);
        never.SetResult(0);
    }

    private static V1PodSpec Spec(long grace) => new()
    {
        RestartPolicy = "Never",
        TerminationGracePeriodSeconds = grace,
        InitContainers = [new V1Container { Name = "stage", Image = "x" }, new V1Container { Name = "upload", Image = "x", RestartPolicy = "Always" }],
        Containers = [new V1Container { Name = "job", Image = "x" }],
    };
}
