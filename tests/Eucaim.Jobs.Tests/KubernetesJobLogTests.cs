using Eucaim.Core.Jobs;
using Eucaim.Workers.Jobs;
using k8s.Models;

namespace Eucaim.Jobs.Tests;

/// <summary>Log reading asks the API server only for what is new since the cursor, and never repeats or loses a line.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KubernetesJobLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_pass_downloads_only_the_lines_from_the_cursors_second_on_and_returns_only_new_ones()
    {
        await using var harness = await KubernetesBackendHarness.StartAsync(azurite);
        var backend = await harness.BackendAsync();
        var job = TestJobs.Job();
        await backend.LaunchAsync(harness.Launch(job), CancellationToken.None);
        var pod = harness.Controller.CreatePod(job.Id);
        harness.Controller.Update(pod, s => { s.Phase = "Running"; s.ContainerStatuses = [FakeJobController.JobContainer(new V1ContainerState { Running = new V1ContainerStateRunning() })]; });
        await KubernetesBackendHarness.ObserveUntilAsync(backend, job, o => o.Status == JobStatus.Running);
        var start = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        Append(harness, pod, start, 100);
        // The last line of the first pass shares its second with the first line of the second pass.
        Append(harness, pod, start.AddSeconds(100).AddMilliseconds(200), 1, "late-1");

        var first = await backend.ReadLogAsync(job, CancellationToken.None);
        Assert.Equal(101, first.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        job.LogCursor = first.Cursor;

        Append(harness, pod, start.AddSeconds(100).AddMilliseconds(700), 1, "late-2");
        Append(harness, pod, start.AddSeconds(101), 1, "late-3");
        var before = (harness.Server.LogLinesSent, harness.Server.LogBytesSent);
        var second = await backend.ReadLogAsync(job, CancellationToken.None);

        Assert.Equal("late-2-0\nlate-3-0\n", second.Text);
        // Sent again only the line of the cursor's own second (sinceTime has second precision), not the first 100.
        Assert.Equal(3, harness.Server.LogLinesSent - before.LogLinesSent);
        Assert.True(harness.Server.LogBytesSent - before.LogBytesSent < 200);
        job.LogCursor = second.Cursor;
        Assert.Equal("", (await backend.ReadLogAsync(job, CancellationToken.None)).Text);
    }

    private static void Append(KubernetesBackendHarness harness, V1Pod pod, DateTimeOffset from, int count, string prefix = "line")
    {
        lock (harness.Server.Store.Sync)
        {
            for (var i = 0; i < count; i++)
            {
                harness.Server.Store.AppendLog(pod.Metadata.NamespaceProperty, pod.Metadata.Name, $"{prefix}-{i}", from.AddSeconds(i));
            }
        }
    }
}
