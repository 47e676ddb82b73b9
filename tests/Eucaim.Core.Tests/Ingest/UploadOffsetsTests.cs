using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Ingest;

public sealed class UploadOffsetsTests
{
    [Fact]
    public void A_chunk_at_the_wrong_offset_is_a_conflict_naming_the_offset_to_resume_from()
    {
        var upload = Uploads.Receiving(length: 100, offset: 40);

        var outcome = UploadOffsets.MayReceive(upload, 10);

        Assert.Equal(ProblemKind.Conflict, outcome.Problem?.Kind);
        Assert.Equal(40L, outcome.Problem?.Extensions?["offset"]);
        Assert.Equal(TusHeaders.Offset, outcome.Problem?.Extensions?["header"]);
    }

    [Fact]
    public void A_chunk_at_the_upload_s_offset_is_received()
    {
        Assert.True(UploadOffsets.MayReceive(Uploads.Receiving(length: 100, offset: 40), 40).Value);
    }

    [Fact]
    public void A_completed_upload_takes_no_more_bytes()
    {
        var upload = Uploads.Receiving(length: 100, offset: 100);
        upload.State = UploadState.Complete;

        Assert.False(UploadOffsets.MayReceive(upload, 100).Value);
        Assert.Equal(ProblemKind.TooLarge, UploadOffsets.RefuseDeclaredChunk(upload, 100, 1)?.Kind);
    }

    [Theory]
    [InlineData(UploadState.Complete, "complete")]
    [InlineData(UploadState.ChecksumMismatch, "checksumMismatch")]
    public void A_chunk_for_a_finished_upload_is_refused_as_complete_not_as_too_large(UploadState state, string name)
    {
        var upload = Uploads.Receiving(length: 100, offset: 100);
        upload.State = state;

        foreach (var (offset, length) in new (long, long?)[] { (100, 1), (0, 100), (100, null), (40, 0) })
        {
            var problem = UploadOffsets.RefuseAfterCompletion(upload, offset, length);
            Assert.Equal(ProblemKind.Conflict, problem?.Kind);
            Assert.Equal("The upload is already complete.", problem?.Title);
            Assert.Equal("upload-complete", problem?.Rule);
            Assert.Equal(name, problem?.Extensions?["state"]);
            Assert.Contains("new upload", problem?.Detail);
        }

        // The harmless repeat of a completing PATCH: empty, at the final offset.
        Assert.Null(UploadOffsets.RefuseAfterCompletion(upload, 100, 0));
    }

    [Fact]
    public void A_receiving_upload_is_never_refused_as_complete()
    {
        Assert.Null(UploadOffsets.RefuseAfterCompletion(Uploads.Receiving(length: 100, offset: 40), 40, 60));
        // Every byte recorded but not yet committed (a completion cut short): the PATCH finishes it.
        Assert.Null(UploadOffsets.RefuseAfterCompletion(Uploads.Receiving(length: 100, offset: 100), 100, 0));
    }

    [Fact]
    public void Upload_states_are_spelled_as_the_guide_documents_them()
    {
        Assert.Equal(["receiving", "complete", "checksumMismatch"], Enum.GetValues<UploadState>().Select(UploadStates.Name));
    }

    [Fact]
    public void A_chunk_declared_past_the_upload_s_length_is_too_large_before_it_is_read()
    {
        var problem = UploadOffsets.RefuseDeclaredChunk(Uploads.Receiving(length: 100, offset: 40), 40, 61);

        Assert.Equal(ProblemKind.TooLarge, problem?.Kind);
        Assert.Equal(100L, problem?.Extensions?["limit"]);
        Assert.Equal("The chunk has 61 bytes but only 60 remain of Upload-Length 100.", problem?.Detail);
    }

    [Fact]
    public void A_chunk_that_fits_or_sits_at_another_offset_is_left_to_the_offset_rule()
    {
        var upload = Uploads.Receiving(length: 100, offset: 40);

        Assert.Null(UploadOffsets.RefuseDeclaredChunk(upload, 40, 60));
        Assert.Null(UploadOffsets.RefuseDeclaredChunk(upload, 0, 1000));
        Assert.Null(UploadOffsets.RefuseDeclaredChunk(upload, 40, null));
    }

    [Fact]
    public void A_chunk_that_turned_out_too_long_names_what_remained()
    {
        Assert.Equal("The chunk is longer than the 60 bytes that remain.", UploadOffsets.ChunkTooLong(Uploads.Receiving(100, 40), 60).Detail);
    }

    [Fact]
    public void Only_an_incomplete_upload_expires()
    {
        var upload = Uploads.Receiving();
        Assert.False(UploadOffsets.IsExpired(upload, upload.ExpiresAt.AddSeconds(-1)));
        Assert.True(UploadOffsets.IsExpired(upload, upload.ExpiresAt));

        upload.State = UploadState.Complete;
        Assert.False(UploadOffsets.IsExpired(upload, upload.ExpiresAt.AddDays(1)));
    }
}
