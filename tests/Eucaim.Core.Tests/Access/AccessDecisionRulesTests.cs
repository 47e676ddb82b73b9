using Eucaim.Core.Access;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using static Eucaim.Core.Tests.Access.AccessFixtures;

namespace Eucaim.Core.Tests.Access;

public sealed class AccessDecisionRulesTests
{
    private const int MaxDays = 730;

    [Fact]
    public void The_committee_alone_approves_a_dataset_whose_terms_leave_it_to_the_committee()
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, false));

        var result = Decide(request, Kai, Approve(dataset));

        Assert.Equal(ReviewParty.Committee, result.Decision.Party);
        var grant = Assert.IsType<Grant>(result.Grant);
        Assert.Equal(AccessItemStatus.Approved, request.Datasets[0].Status);
        Assert.Equal(grant.Id, request.Datasets[0].GrantId);
        Assert.Equal(AccessRequestStatus.Approved, request.Status);
        Assert.Equal(Now, request.ClosedAt);
        Assert.Equal((Now, Now.AddDays(30), "kai"), (grant.ValidFrom, grant.ValidUntil, grant.CreatedBy));
    }

    [Fact]
    public void With_data_holder_approval_required_the_committee_approval_waits_for_the_data_holder()
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, true));

        var committee = Decide(request, Kai, Approve(dataset));
        Assert.Null(committee.Grant);
        Assert.Equal(AccessItemStatus.Pending, request.Datasets[0].Status);
        Assert.Equal(AccessRequestStatus.UnderReview, request.Status);
        Assert.Null(request.ClosedAt);

        var holder = Decide(request, Hugo, Approve(dataset));
        Assert.Equal(ReviewParty.DataHolder, holder.Decision.Party);
        Assert.NotNull(holder.Grant);
        Assert.Equal(AccessRequestStatus.Approved, request.Status);
    }

    [Fact]
    public void The_data_holder_approving_first_still_needs_the_committee()
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, true));

        Assert.Null(Decide(request, Hugo, Approve(dataset)).Grant);
        Assert.Equal(AccessItemStatus.Pending, request.Datasets[0].Status);
        Assert.NotNull(Decide(request, Kai, Approve(dataset)).Grant);
    }

    [Fact]
    public void A_data_holder_cannot_decide_where_the_terms_leave_it_to_the_committee()
    {
        var dataset = Guid.NewGuid();
        var problem = Refused(Request(30, (dataset, false)), Hugo, Approve(dataset, ReviewParty.DataHolder));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal(["as"], problem.Errors!.Keys);
    }

    [Fact]
    public void A_rejection_rejects_the_dataset_and_closes_a_request_with_nothing_left_to_decide()
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, true));

        var result = Decide(request, Kai, Reject(dataset));

        Assert.Null(result.Grant);
        Assert.Equal(AccessItemStatus.Rejected, request.Datasets[0].Status);
        Assert.Equal(Now, request.Datasets[0].DecidedAt);
        Assert.Equal(AccessRequestStatus.Rejected, request.Status);
        Assert.True(request.IsClosed);
        Assert.Equal(Now, request.ClosedAt);
    }

    [Fact]
    public void One_approved_and_one_rejected_dataset_approve_the_request()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var request = Request(30, (first, false), (second, false));

        Decide(request, Kai, Approve(first));
        Assert.Equal(AccessRequestStatus.UnderReview, request.Status);
        Decide(request, Kai, Reject(second));
        Assert.Equal(AccessRequestStatus.Approved, request.Status);
    }

    [Fact]
    public void Nobody_decides_their_own_request()
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, false));
        request.RequesterSubject = Kai.Subject!;

        var problem = Refused(request, Kai, Approve(dataset));

        Assert.Equal((ProblemKind.Forbidden, "no-self-decision"), (problem.Kind, problem.Rule));
    }

    [Theory]
    [InlineData("rita", null)]
    [InlineData("clara", ReviewParty.DataHolder)]
    [InlineData("hugo", ReviewParty.Committee)]
    public void Only_the_committee_decides_as_committee_and_only_the_organization_as_data_holder(string who, ReviewParty? @as)
    {
        var dataset = Guid.NewGuid();
        var decider = who switch { "rita" => Person("rita-2", tenants: ["tenant-a"]), "clara" => Clara, _ => Hugo };

        var problem = Refused(Request(30, (dataset, true)), decider, Approve(dataset, @as));

        Assert.Equal((ProblemKind.Forbidden, "decider-role"), (problem.Kind, problem.Rule));
    }

    [Theory]
    [InlineData(AccessRequestStatus.Approved, "request-closed")]
    [InlineData(AccessRequestStatus.Rejected, "request-closed")]
    [InlineData(AccessRequestStatus.Withdrawn, "request-closed")]
    [InlineData(AccessRequestStatus.ChangesRequested, "awaiting-changes")]
    public void A_closed_request_or_one_awaiting_changes_takes_no_decision(AccessRequestStatus status, string rule)
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, false));
        request.Status = status;

        var problem = Refused(request, Kai, Approve(dataset));

        Assert.Equal((ProblemKind.Conflict, rule), (problem.Kind, problem.Rule));
    }

    [Fact]
    public void A_party_decides_once_and_a_decided_dataset_takes_no_more()
    {
        var dataset = Guid.NewGuid();
        var request = Request(30, (dataset, true));
        Decide(request, Kai, Approve(dataset));

        Assert.Equal("already-decided", Refused(request, Kai, Reject(dataset)).Rule);

        var late = Request(30, (dataset, true), (Guid.NewGuid(), false));
        Decide(late, Hugo, Reject(dataset));
        var problem = Refused(late, Kai, Approve(dataset));
        Assert.Equal((ProblemKind.Conflict, "dataset-decided"), (problem.Kind, problem.Rule));
    }

    [Fact]
    public void A_dataset_outside_the_request_is_named_in_the_error()
    {
        var request = Request(30, (Guid.NewGuid(), false));
        var stranger = Guid.NewGuid();

        var problem = Refused(request, Kai, Approve(stranger));

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal($"Dataset {stranger} is not part of this request.", Assert.Single(problem.Errors!["datasetId"]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(MaxDays + 1)]
    public void A_grant_end_before_now_or_beyond_the_platform_maximum_is_refused(int days)
    {
        var dataset = Guid.NewGuid();

        var problem = Refused(Request(30, (dataset, false)), Kai, Approve(dataset, validUntil: Now.AddDays(days)));

        Assert.Equal(["validUntil"], problem.Errors!.Keys);
        Assert.Contains($"at most {MaxDays} days ahead", problem.Errors["validUntil"][0]);
    }

    [Fact]
    public void The_grant_ends_at_the_earliest_of_request_deciders_and_platform_maximum()
    {
        var latest = Now.AddDays(MaxDays);
        Assert.Equal(Now.AddDays(30), AccessDecisionRules.GrantEnd(Now, 30, latest, null, null));
        Assert.Equal(Now.AddDays(5), AccessDecisionRules.GrantEnd(Now, 30, latest, null, Now.AddDays(5)));
        Assert.Equal(Now.AddDays(3), AccessDecisionRules.GrantEnd(Now, 30, latest, Now.AddDays(3), Now.AddDays(5)));
        Assert.Equal(latest, AccessDecisionRules.GrantEnd(Now, MaxDays + 100, latest, null, null));
    }

    [Fact]
    public void The_deciders_ends_and_conditions_reach_the_grant()
    {
        var dataset = Guid.NewGuid();
        var request = Request(20, (dataset, true));
        Decide(request, Kai, Approve(dataset, conditions: "No re-identification."));

        var grant = Decide(request, Hugo, Approve(dataset, validUntil: Now.AddDays(5), conditions: "Cite the cohort.")).Grant!;

        Assert.Equal(Now.AddDays(5), grant.ValidUntil);
        Assert.Equal("committee: No re-identification.\ndata-holder: Cite the cohort.", grant.Conditions);
    }

    [Fact]
    public void Without_saying_as_whom_the_decider_decides_in_their_role()
    {
        var item = Request(30, (Guid.NewGuid(), true)).Datasets[0];

        Assert.Equal(ReviewParty.Committee, AccessDecisionRules.PartyOf(Kai, item, null));
        Assert.Equal(ReviewParty.DataHolder, AccessDecisionRules.PartyOf(Hugo, item, null));
        Assert.Equal(ReviewParty.Committee, AccessDecisionRules.PartyOf(Clara, item, null));
        Assert.Equal(ReviewParty.DataHolder, AccessDecisionRules.PartyOf(Kai, item, ReviewParty.DataHolder));
    }

    [Fact]
    public void The_request_is_under_review_while_any_dataset_waits()
    {
        AccessRequestDataset Item(AccessItemStatus status) => new() { DatasetName = "d", OrganizationKey = Hm, Status = status };

        Assert.Equal(AccessRequestStatus.UnderReview, AccessDecisionRules.StatusAfterDecisions([Item(AccessItemStatus.Approved), Item(AccessItemStatus.Pending)]));
        Assert.Equal(AccessRequestStatus.Approved, AccessDecisionRules.StatusAfterDecisions([Item(AccessItemStatus.Rejected), Item(AccessItemStatus.Approved)]));
        Assert.Equal(AccessRequestStatus.Rejected, AccessDecisionRules.StatusAfterDecisions([Item(AccessItemStatus.Rejected), Item(AccessItemStatus.Rejected)]));
    }

    private static DecisionResult Decide(AccessRequest request, PlatformIdentity decider, AccessDecisionChoice choice)
    {
        var plan = AccessDecisionRules.Check(request, decider, choice, Now, MaxDays);
        Assert.True(plan.Succeeded, plan.ToString());
        return AccessDecisionRules.Apply(request, plan.Value, choice, decider.Subject!, Now, MaxDays);
    }

    private static Problem Refused(AccessRequest request, PlatformIdentity decider, AccessDecisionChoice choice)
    {
        var plan = AccessDecisionRules.Check(request, decider, choice, Now, MaxDays);
        Assert.False(plan.Succeeded);
        return plan.Problem;
    }
}
