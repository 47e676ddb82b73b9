using Eucaim.Core.Catalogue;
using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Ingest;

public sealed class IngestRulesTests
{
    [Fact]
    public void Data_goes_only_into_a_draft()
    {
        var dataset = new Dataset { Id = Guid.CreateVersion7(), OrganizationKey = "CETIR", State = DatasetState.Published, LatestVersion = 1, CreatedBy = "h", UpdatedBy = "h" };

        Assert.Equal("The dataset has no draft.", IngestRules.DraftForUpload(new LoadedDataset(dataset, null, null)).Problem?.Title);

        dataset.State = DatasetState.Invalidated;
        var draft = DatasetVersion.Begin(dataset.Id, 2, DatasetVersionStatus.Draft, "h", Uploads.Now);
        Assert.Equal("The dataset is invalidated.", IngestRules.DraftForUpload(new LoadedDataset(dataset, null, draft)).Problem?.Title);
    }

    [Fact]
    public void An_upload_joins_only_an_open_session_of_the_current_draft()
    {
        var session = Uploads.Job(isSession: true);

        Assert.Same(session, IngestRules.JoinableSession(session, session.Id, session.DatasetId, 2).Value);
        Assert.Equal(ProblemKind.Conflict, IngestRules.JoinableSession(session, session.Id, session.DatasetId, 3).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, IngestRules.JoinableSession(session, session.Id, Guid.CreateVersion7(), 2).Problem?.Kind);
        Assert.Equal(ProblemKind.NotFound, IngestRules.JoinableSession(null, session.Id, session.DatasetId, 2).Problem?.Kind);
        var single = Uploads.Job(isSession: false);
        Assert.Equal(ProblemKind.Conflict, IngestRules.JoinableSession(single, single.Id, single.DatasetId, 2).Problem?.Kind);
    }

    [Fact]
    public void Publication_is_refused_while_an_ingest_into_the_draft_is_open()
    {
        var open = Guid.CreateVersion7();

        var problem = IngestRules.RefusePublicationWhileIngesting([open]);

        Assert.Equal(ProblemKind.Conflict, problem?.Kind);
        Assert.Contains(open.ToString(), problem?.Detail);
        Assert.Equal(new[] { open }, problem?.Extensions?["ingests"]);
        Assert.Null(IngestRules.RefusePublicationWhileIngesting([]));
    }

    [Fact]
    public void A_session_with_uploads_in_progress_does_not_complete()
    {
        var receiving = Uploads.Receiving();
        var complete = Uploads.Receiving();
        complete.State = UploadState.Complete;

        var problem = IngestRules.RefuseSessionCompletion([complete, receiving]);

        Assert.Equal("Uploads are still in progress.", problem?.Title);
        Assert.Equal(new List<Guid> { receiving.Id }, problem?.Extensions?["uploads"]);
        Assert.Equal("Nothing to ingest.", IngestRules.RefuseSessionCompletion([])?.Title);
        Assert.Null(IngestRules.RefuseSessionCompletion([complete]));
    }

    [Fact]
    public void Only_an_upload_of_an_open_ingest_is_terminated()
    {
        Assert.Null(IngestRules.RefuseTermination(Uploads.Job(isSession: false)));
        Assert.Equal(ProblemKind.Conflict, IngestRules.RefuseTermination(Uploads.Job(isSession: false, IngestState.Queued))?.Kind);
    }

    [Fact]
    public void A_complete_single_upload_queues_its_ingest()
    {
        var upload = Uploads.Receiving();
        var job = Uploads.Job(isSession: false);

        Assert.True(IngestRules.Complete(upload, job, new string('a', 64), Uploads.Now));
        Assert.Equal((UploadState.Complete, IngestState.Queued), (upload.State, job.State));
    }

    [Fact]
    public void An_upload_that_does_not_hash_to_its_declared_SHA256_fails_its_ingest()
    {
        var upload = Uploads.Receiving();
        upload.DeclaredSha256 = new string('b', 64);
        var job = Uploads.Job(isSession: false);

        Assert.False(IngestRules.Complete(upload, job, new string('a', 64), Uploads.Now));
        Assert.Equal((UploadState.ChecksumMismatch, IngestState.Failed), (upload.State, job.State));
        Assert.Equal(upload.FailureReason, job.FailureReason);
    }

    [Fact]
    public void A_session_waits_for_its_completion()
    {
        var job = Uploads.Job(isSession: true);

        Assert.False(IngestRules.Complete(Uploads.Receiving(), job, new string('a', 64), Uploads.Now));
        Assert.Equal(IngestState.Open, job.State);
    }

    [Theory]
    [InlineData(IngestState.Open, true)]
    [InlineData(IngestState.Failed, true)]
    [InlineData(IngestState.Queued, false)]
    [InlineData(IngestState.Running, false)]
    [InlineData(IngestState.Completed, false)]
    public void Only_an_ingest_that_put_nothing_into_the_draft_is_abandoned(IngestState state, bool allowed)
    {
        var job = Uploads.Job(isSession: true, state);

        var problem = IngestRules.RefuseAbandon(job);

        Assert.Equal(allowed, problem is null);
        if (!allowed)
        {
            Assert.Equal(ProblemKind.Conflict, problem?.Kind);
            Assert.Contains(job.Id.ToString(), problem?.Detail);
            Assert.Equal(state == IngestState.Completed ? "ingest-completed" : "ingest-in-progress", problem?.Rule);
        }
    }
}
