using Eucaim.Core.Audit;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Core.Tests.Federation;

public sealed class FederationRulesTests
{
    private static CountsAsk Ask(string? sex = null, int? ageMin = null, int? ageMax = null, string? modality = null, string? tier = null) =>
        new(sex, ageMin, ageMax, null, modality, null, null, tier, null);

    [Theory]
    [InlineData("node-1", true)]
    [InlineData("sas-sevilla", true)]
    [InlineData("Node-1", false)]
    [InlineData("1node", false)]
    [InlineData("node_1", false)]
    [InlineData("node-", false)]
    [InlineData("hub", false)]
    [InlineData("", false)]
    public void A_node_id_is_a_tenant_style_slug_other_than_the_hubs(string id, bool valid) =>
        Assert.Equal(valid, !FederationRules.ValidateRegistration(id, "Hospital").ContainsKey("id"));

    [Fact]
    public void An_organisation_is_required()
    {
        Assert.Contains("organisation", FederationRules.ValidateRegistration("node-1", " ").Keys);
        Assert.Contains("organisation", FederationRules.ValidateRegistration("node-1", new string('o', 201)).Keys);
    }

    [Fact]
    public void Filters_name_the_field_they_break()
    {
        Assert.Empty(FederationRules.ValidateFilters(Ask("F", 0, 150, "mr", "3c+")));
        Assert.Equal(["sex"], FederationRules.ValidateFilters(Ask(sex: "f")).Keys);
        Assert.Equal(["ageMin"], FederationRules.ValidateFilters(Ask(ageMin: -1)).Keys);
        Assert.Equal(["ageMax"], FederationRules.ValidateFilters(Ask(ageMax: 151)).Keys);
        Assert.Equal(["ageMax"], FederationRules.ValidateFilters(Ask(ageMin: 50, ageMax: 49)).Keys);
        Assert.Equal(["modality"], FederationRules.ValidateFilters(Ask(modality: "XRAY")).Keys);
        Assert.Equal(["tier"], FederationRules.ValidateFilters(Ask(tier: "4")).Keys);
    }

    [Fact]
    public void The_nodes_get_the_canonical_modality()
    {
        Assert.Equal(new CountFilters("M", 1, 2, "MR", null, "SIEMENS"),
            FederationRules.ImageFilters(new CountsAsk("M", 1, 2, "Prostate", " mr ", " ", " SIEMENS ", "3", null)));
    }

    [Fact]
    public void A_count_is_either_a_value_or_suppressed()
    {
        Assert.Null(FederationRules.CountProblem(new PrivateCount(0, false)));
        Assert.Null(FederationRules.CountProblem(new PrivateCount(null, true)));
        Assert.NotNull(FederationRules.CountProblem(new PrivateCount(5, true)));
        Assert.NotNull(FederationRules.CountProblem(new PrivateCount(null, false)));
        Assert.NotNull(FederationRules.CountProblem(new PrivateCount(-1, false)));
        Assert.NotNull(FederationRules.CountProblem(null));
    }

    [Fact]
    public void A_privacy_policy_needs_a_mechanism_and_a_positive_epsilon()
    {
        Assert.Null(FederationRules.PrivacyProblem(new CountPrivacy("laplace", 1, 5, 10)));
        Assert.NotNull(FederationRules.PrivacyProblem(new CountPrivacy("", 1, 5, 10)));
        Assert.NotNull(FederationRules.PrivacyProblem(new CountPrivacy("laplace", 0, 5, 10)));
        Assert.NotNull(FederationRules.PrivacyProblem(new CountPrivacy("laplace", double.NaN, 5, 10)));
        Assert.NotNull(FederationRules.PrivacyProblem(new CountPrivacy("laplace", 1, 5, -1)));
        Assert.NotNull(FederationRules.PrivacyProblem(null));
    }

    [Fact]
    public void A_suppressed_cell_shows_below_the_threshold_and_never_as_zero()
    {
        Assert.Equal("37", FederationRules.Display(new PrivateCount(37, false), 10));
        Assert.Equal("< 10", FederationRules.Display(new PrivateCount(null, true), 10));
        Assert.Equal("< 5", FederationRules.Display(new PrivateCount(null, true), 5));
        Assert.Equal("37", FederationRules.TotalDisplay(37, 0));
        Assert.Equal("37 + 1 suppressed cell", FederationRules.TotalDisplay(37, 1));
        Assert.Equal("0 + 2 suppressed cells", FederationRules.TotalDisplay(0, 2));
    }

    [Fact]
    public void The_note_says_who_did_not_answer_in_time()
    {
        var timeout = TimeSpan.FromSeconds(5);
        Assert.Null(FederationRules.Note([("node-1", NodeAnswerStatus.Answered)], timeout));
        Assert.Equal("2 of 3 nodes answered within 5 s; node-2 timed out.",
            FederationRules.Note([("node-1", NodeAnswerStatus.Answered), ("node-2", NodeAnswerStatus.TimedOut), ("node-3", NodeAnswerStatus.Answered)], timeout));
        Assert.Contains("node-2 answered late", FederationRules.Note([("node-1", NodeAnswerStatus.Answered), ("node-2", NodeAnswerStatus.AnsweredLate)], timeout));
        Assert.Contains("No active node", FederationRules.Note([], timeout));
    }

    [Fact]
    public void A_poll_waits_1_to_60_seconds_and_never_longer_than_the_hubs_limit()
    {
        var limit = TimeSpan.FromSeconds(25);
        Assert.Equal(TimeSpan.FromSeconds(1), PollFederationLink.Wait(new LinkPoll(0), limit));
        Assert.Equal(TimeSpan.FromSeconds(10), PollFederationLink.Wait(new LinkPoll(10), limit));
        Assert.Equal(limit, PollFederationLink.Wait(new LinkPoll(60), limit));
        Assert.Equal(limit, PollFederationLink.Wait(new LinkPoll(1000), limit));
    }

    [Fact]
    public void A_federation_nodes_refusals_fold_into_their_own_action()
    {
        var refusals = new AuditDenialCount { Actor = "federation-node:node-1", Route = "POST /federation/link/poll", Status = 401, Targets = ["bad-signature: …"] };
        Assert.Equal(AuditActions.FederationMessageRefused, AuditDenialWindow.ToEntry(refusals, TimeSpan.FromMinutes(1)).Action);
        var userRefusals = new AuditDenialCount { Actor = "a-user", Route = "GET /api/audit/", Status = 403, Targets = ["/api/audit/"] };
        Assert.Equal(AuditActions.AuthorizationFailed, AuditDenialWindow.ToEntry(userRefusals, TimeSpan.FromMinutes(1)).Action);
    }

    [Fact]
    public void The_options_name_each_bad_key()
    {
        Assert.Empty(new FederationHubOptions().Validate());
        var bad = new FederationHubOptions
        {
            CountTimeout = TimeSpan.Zero,
            MaxPollWait = TimeSpan.FromMinutes(5),
            SigningKeyFile = "/nonexistent/hub.pem",
            SeedNodes = [new FederationSeedNode { Id = "node-1" }],
        }.Validate().ToList();
        Assert.Contains(bad, p => p.StartsWith("Eucaim:Federation:Hub:CountTimeout", StringComparison.Ordinal));
        Assert.Contains(bad, p => p.StartsWith("Eucaim:Federation:Hub:MaxPollWait", StringComparison.Ordinal));
        Assert.Contains(bad, p => p.StartsWith("Eucaim:Federation:Hub:SigningKeyFile", StringComparison.Ordinal));
        Assert.Contains(bad, p => p.StartsWith("Eucaim:Federation:Hub:SeedNodes:0", StringComparison.Ordinal));
    }
}
