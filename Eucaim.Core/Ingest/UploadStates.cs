namespace Eucaim.Core.Ingest;

/// <summary>The API's spelling of <see cref="UploadState"/>: camelCase, as the ingest guide documents it.</summary>
public static class UploadStates
{
    public static string Name(UploadState state) => state switch
    {
        UploadState.Receiving => "receiving",
        UploadState.Complete => "complete",
        UploadState.ChecksumMismatch => "checksumMismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "An upload state without an API name."),
    };
}
