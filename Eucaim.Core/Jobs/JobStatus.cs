namespace Eucaim.Core.Jobs;

/// <summary>Where a job is in its life; the last four are final.</summary>
public enum JobStatus
{
    /// <summary>Waiting for quota or capacity, or for the compute backend to answer.</summary>
    Queued,

    /// <summary>Handed to the backend: datasets are being staged, the image pulled, the pod scheduled.</summary>
    Starting,

    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
}

public static class JobStatuses
{
    public static bool IsFinal(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled or JobStatus.TimedOut;

    /// <summary>Holds quota: what the dispatcher has handed to a backend and not seen end.</summary>
    public static bool IsActive(this JobStatus status) => status is JobStatus.Starting or JobStatus.Running;
}
