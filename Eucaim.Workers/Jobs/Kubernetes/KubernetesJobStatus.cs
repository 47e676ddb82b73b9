using Eucaim.Core.Jobs;
using k8s.Models;

namespace Eucaim.Workers.Jobs.Kubernetes;

/// <summary>
/// Turns what Kubernetes says of a Job and its pod into the platform's status, with the reason a
/// researcher needs (ImagePullBackOff, OOMKilled, DeadlineExceeded, Evicted, Unschedulable) and the
/// job container's exit code.
/// </summary>
public static class KubernetesJobStatus
{
    private static readonly HashSet<string> ImageFailures = new(StringComparer.Ordinal)
    {
        "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError",
    };

    public static JobObservation Map(V1Job job, IReadOnlyList<V1Pod> pods)
    {
        var pod = pods.OrderByDescending(p => p.Metadata?.CreationTimestamp ?? DateTime.MinValue).FirstOrDefault();
        var main = pod?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == KubernetesJobManifests.MainContainer);
        var exitCode = main?.State?.Terminated?.ExitCode ?? main?.LastState?.Terminated?.ExitCode;
        var conditions = job.Status?.Conditions ?? [];

        var failed = conditions.FirstOrDefault(c => c.Type is "Failed" or "FailureTarget" && c.Status == "True");
        if (failed is not null)
        {
            if (failed.Reason == "DeadlineExceeded")
            {
                // The platform stops a job at its queue timeout or run deadline first; this backstop fires only if the Workers were down.
                return new JobObservation(true, JobStatus.TimedOut,
                    $"DeadlineExceeded: Kubernetes stopped the job at its backstop deadline of {job.Spec?.ActiveDeadlineSeconds / 60} minute(s) (queue timeout, maximum runtime and upload grace together).", exitCode);
            }

            return new JobObservation(true, JobStatus.Failed, PodFailure(pod, main) ?? $"{failed.Reason}: {failed.Message}".TrimEnd(' ', ':'), exitCode);
        }

        var uploader = pod?.Status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == KubernetesJobManifests.OutputContainer);
        if (conditions.Any(c => c.Type is "Complete" or "SuccessCriteriaMet" && c.Status == "True"))
        {
            return Completed(uploader, exitCode);
        }

        if (pod is null)
        {
            return new JobObservation(true, JobStatus.Starting, "Waiting for Kubernetes to create the pod.", null);
        }

        if (pod.Status?.Phase == "Failed")
        {
            return new JobObservation(true, JobStatus.Failed, PodFailure(pod, main) ?? "The pod failed.", exitCode);
        }

        if (pod.Status?.Phase == "Succeeded")
        {
            return Completed(uploader, exitCode);
        }

        if (main?.State?.Terminated is { } ended && uploader?.State?.Running is not null)
        {
            // The job's container is done; the pod is not until the sidecar has uploaded its outputs.
            return new JobObservation(true, JobStatus.Running, ended.ExitCode == 0 ? "Saving outputs." : $"Saving outputs after the job failed: {Terminated(ended)}", ended.ExitCode, SavingOutputs: true);
        }

        if (main?.State?.Terminated is { ExitCode: 0 })
        {
            return Completed(uploader, 0);
        }

        if (main?.State?.Terminated is { } terminated)
        {
            return new JobObservation(true, JobStatus.Failed, Terminated(terminated), terminated.ExitCode);
        }

        var waiting = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? [])
            .Select(c => (c.Name, c.State?.Waiting)).FirstOrDefault(w => w.Waiting?.Reason is { } r && ImageFailures.Contains(r));
        if (waiting.Waiting is { } bad)
        {
            return new JobObservation(true, JobStatus.Failed, $"{bad.Reason}: container {waiting.Name}: {bad.Message}".TrimEnd(' ', ':'), null);
        }

        var staging = pod.Status?.InitContainerStatuses?.FirstOrDefault(c => c.Name == KubernetesJobManifests.StagingContainer);
        if (staging?.State?.Terminated is { ExitCode: not 0 } stagingFailed)
        {
            return new JobObservation(true, JobStatus.Failed, $"Staging the datasets failed (exit code {stagingFailed.ExitCode}): {stagingFailed.Message}".TrimEnd(' ', ':'), null);
        }

        if (main?.State?.Running is not null)
        {
            return new JobObservation(true, JobStatus.Running, "Running.", null);
        }

        var unschedulable = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
        if (unschedulable is not null)
        {
            return new JobObservation(true, JobStatus.Starting, $"{unschedulable.Reason ?? "Unschedulable"}: {unschedulable.Message}".TrimEnd(' ', ':'), null);
        }

        return new JobObservation(true, JobStatus.Starting, staging?.State?.Running is not null ? "Staging datasets." : "Starting.", null);
    }

    /// <summary>The job exited 0; it succeeded only if the output sidecar did not fail (killed at the grace period, upload refused).</summary>
    private static JobObservation Completed(V1ContainerStatus? uploader, int? exitCode) =>
        uploader?.State?.Terminated is { ExitCode: not 0 } failed
            ? new JobObservation(true, JobStatus.Failed, $"Saving the outputs failed (output sidecar exit code {failed.ExitCode}{(failed.ExitCode == 137 ? ", killed at the end of the grace period" : "")}).", exitCode ?? 0)
            : new JobObservation(true, JobStatus.Succeeded, "Completed.", exitCode ?? 0);

    private static string? PodFailure(V1Pod? pod, V1ContainerStatus? main)
    {
        if (pod?.Status?.Reason == "Evicted")
        {
            return $"Evicted: {pod.Status.Message}".TrimEnd(' ', ':');
        }

        if (main?.State?.Terminated is { } terminated)
        {
            return Terminated(terminated);
        }

        return pod?.Status?.Reason is { } reason ? $"{reason}: {pod.Status.Message}".TrimEnd(' ', ':') : null;
    }

    private static string Terminated(V1ContainerStateTerminated terminated) => terminated.Reason switch
    {
        "OOMKilled" => $"OOMKilled: the job ran out of memory (exit code {terminated.ExitCode}).",
        "DeadlineExceeded" => "DeadlineExceeded: the job ran longer than its maximum runtime.",
        null or "" or "Error" => $"Exit code {terminated.ExitCode}.{(string.IsNullOrEmpty(terminated.Message) ? "" : " " + terminated.Message)}",
        var reason => $"{reason}: exit code {terminated.ExitCode}.",
    };
}
