using Eucaim.Core.Exports;
using Eucaim.Core.Identity;
using static Eucaim.Core.Tests.Jobs.JobFixtures;

namespace Eucaim.Core.Tests.Exports;

/// <summary>Who may decide an export: the committee, or the data holder of every dataset used; never the requester.</summary>
public sealed class ExportReviewersTests
{
    private static readonly PlatformIdentity Committee = Caller("committee-sub", roles: [PlatformRoles.AccessCommittee]);
    private static readonly PlatformIdentity HolderOfBoth = Caller("holder-sub", roles: [PlatformRoles.DataHolder], holds: ["org-a", "org-b"]);
    private static readonly PlatformIdentity HolderOfA = Caller("holder-a-sub", roles: [PlatformRoles.DataHolder], holds: ["org-a"]);

    [Fact]
    public void The_access_committee_may_review_any_export_it_did_not_ask_for()
    {
        Assert.True(ExportReviewers.MayReview(Committee, "member-sub", []));
        Assert.True(ExportReviewers.MayReview(Committee, "member-sub", ["org-x"]));
    }

    [Fact]
    public void A_data_holder_must_hold_every_dataset_the_job_read()
    {
        Assert.True(ExportReviewers.MayReview(HolderOfBoth, "member-sub", ["org-a", "org-b"]));
        Assert.False(ExportReviewers.MayReview(HolderOfA, "member-sub", ["org-a", "org-b"]));
        Assert.True(ExportReviewers.MayReview(HolderOfA, "member-sub", ["org-a", "org-a"]));
    }

    [Fact]
    public void No_data_holder_may_release_a_job_without_datasets_or_with_one_that_is_gone()
    {
        Assert.False(ExportReviewers.MayReview(HolderOfBoth, "member-sub", []));
        Assert.False(ExportReviewers.MayReview(HolderOfBoth, "member-sub", ["org-a", null]));
    }

    [Fact]
    public void Nobody_reviews_their_own_request_not_even_the_committee()
    {
        Assert.False(ExportReviewers.MayReview(Committee, "committee-sub", []));
        Assert.False(ExportReviewers.MayReview(HolderOfBoth, "holder-sub", ["org-a"]));
        Assert.Equal("You asked for this export; someone else must review it.", ExportRules.NotAReviewer(isOwnRequest: true).Detail);
        Assert.Equal("reviewer-required", ExportRules.NotAReviewer(isOwnRequest: false).Rule);
    }

    [Fact]
    public void Researchers_and_anonymous_callers_review_nothing()
    {
        Assert.False(ExportReviewers.MayReview(Caller("member-sub"), "other-sub", ["org-a"]));
        Assert.False(ExportReviewers.MayReview(PlatformIdentity.Anonymous, "member-sub", []));
        Assert.False(ExportReviewers.MayReviewAny(Caller("member-sub")));
        Assert.True(ExportReviewers.MayReviewAny(HolderOfA));
    }
}
