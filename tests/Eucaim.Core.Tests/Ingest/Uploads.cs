using Eucaim.Core.Ingest;

namespace Eucaim.Core.Tests.Ingest;

internal static class Uploads
{
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static Upload Receiving(long length = 100, long offset = 0) => new()
    {
        Id = Guid.CreateVersion7(Now),
        IngestId = Guid.CreateVersion7(Now),
        DatasetId = Guid.CreateVersion7(Now),
        OrganizationKey = "CETIR",
        Length = length,
        Offset = offset,
        State = UploadState.Receiving,
        CreatedBy = "hugo",
        CreatedAt = Now,
        ExpiresAt = Now.AddDays(1),
    };

    public static IngestJob Job(bool isSession, IngestState state = IngestState.Open) => new()
    {
        Id = Guid.CreateVersion7(Now),
        DatasetId = Guid.CreateVersion7(Now),
        OrganizationKey = "CETIR",
        VersionNumber = 2,
        State = state,
        IsSession = isSession,
        CreatedBy = "hugo",
        CreatedAt = Now,
    };
}
