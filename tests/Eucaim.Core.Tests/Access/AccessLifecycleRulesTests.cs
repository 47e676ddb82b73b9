using Eucaim.Core.Access;
using Eucaim.Core.Platform;
using static Eucaim.Core.Tests.Access.AccessFixtures;

namespace Eucaim.Core.Tests.Access;

public sealed class AccessLifecycleRulesTests
{
    [Fact]
    public void Only_the_requester_withdraws_and_only_an_open_request()
    {
        var request = Request(30, (Guid.NewGuid(), false));

        Assert.Equal("requester-only", AccessLifecycleRules.CheckWithdraw(request, Kai)?.Rule);
        Assert.Null(AccessLifecycleRules.CheckWithdraw(request, Rita));
        request.Status = AccessRequestStatus.Rejected;
        Assert.Equal((ProblemKind.Conflict, "request-closed"), (AccessLifecycleRules.CheckWithdraw(request, Rita)!.Kind, AccessLifecycleRules.CheckWithdraw(request, Rita)!.Rule));
    }

    [Fact]
    public void Withdrawing_withdraws_the_undecided_datasets_and_keeps_the_decided()
    {
        var (decided, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        var request = Request(30, (decided, false), (waiting, false));
        request.Datasets[0].Status = AccessItemStatus.Approved;

        AccessLifecycleRules.Withdraw(request, Now);

        Assert.Equal((AccessRequestStatus.Withdrawn, Now), (request.Status, request.ClosedAt));
        Assert.Equal([AccessItemStatus.Approved, AccessItemStatus.Withdrawn], request.Datasets.Select(d => d.Status));
    }

    [Fact]
    public void A_request_is_revised_only_after_changes_were_requested_and_goes_back_to_review()
    {
        var request = Request(30, (Guid.NewGuid(), false));
        Assert.Equal("not-awaiting-changes", AccessLifecycleRules.CheckRevise(request, Rita)?.Rule);
        request.Status = AccessRequestStatus.ChangesRequested;
        Assert.Equal("requester-only", AccessLifecycleRules.CheckRevise(request, Kai)?.Rule);
        Assert.Null(AccessLifecycleRules.CheckRevise(request, Rita));

        AccessLifecycleRules.Revise(request, new AccessRequestContent("New title", "New purpose", null, ["DUO:0000006"], 15), Now);

        Assert.Equal((AccessRequestStatus.Submitted, 2, 15, "New title"), (request.Status, request.Revision, request.RequestedDays, request.Title));
    }

    [Fact]
    public void A_revised_request_that_already_has_decisions_is_under_review()
    {
        var request = Request(30, (Guid.NewGuid(), false));
        request.Status = AccessRequestStatus.ChangesRequested;
        request.Decisions.Add(new AccessDecision { DeciderSubject = "kai" });

        AccessLifecycleRules.Revise(request, new AccessRequestContent("t", "p", null, [], 10), Now);

        Assert.Equal(AccessRequestStatus.UnderReview, request.Status);
    }

    [Fact]
    public void Changes_are_requested_by_reviewers_of_an_open_request()
    {
        var request = Request(30, (Guid.NewGuid(), true));

        Assert.Equal("reviewer-only", AccessLifecycleRules.CheckRequestChanges(request, Rita).Problem?.Rule);
        Assert.Equal("reviewer-only", AccessLifecycleRules.CheckRequestChanges(request, Clara).Problem?.Rule);
        Assert.Equal("committee", AccessLifecycleRules.CheckRequestChanges(request, Kai).Value);
        Assert.Equal("data-holder", AccessLifecycleRules.CheckRequestChanges(request, Hugo).Value);
        request.Status = AccessRequestStatus.ChangesRequested;
        Assert.Equal("request-not-open", AccessLifecycleRules.CheckRequestChanges(request, Kai).Problem?.Rule);
    }

    [Fact]
    public void A_comment_says_in_which_role_it_was_written()
    {
        var request = Request(30, (Guid.NewGuid(), false));

        Assert.Equal("requester", AccessLifecycleRules.CommentAuthorRole(Rita, request));
        Assert.Equal("committee", AccessLifecycleRules.CommentAuthorRole(Kai, request));
        // The dataset's terms do not need hugo's decision: he comments as its data holder.
        Assert.Equal("data-holder", AccessLifecycleRules.CommentAuthorRole(Hugo, request));
        Assert.Equal("admin", AccessLifecycleRules.CommentAuthorRole(Alba, request));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("x", 4001)]
    public void A_comment_has_1_to_4000_characters(string? text, int repeat = 1)
    {
        var body = text is null ? null : string.Concat(Enumerable.Repeat(text, repeat));

        var problem = AccessLifecycleRules.CommentText(body, "Say it.").Problem!;

        Assert.Equal("Say it.", Assert.Single(problem.Errors!["body"]));
        Assert.Equal("trimmed", AccessLifecycleRules.CommentText("  trimmed ", "Say it.").Value);
    }
}
