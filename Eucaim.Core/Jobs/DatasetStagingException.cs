namespace Eucaim.Core.Jobs;

/// <summary>Staging a dataset failed in a way retrying will not fix: the job fails with this message.</summary>
public sealed class DatasetStagingException(string message) : Exception(message);
