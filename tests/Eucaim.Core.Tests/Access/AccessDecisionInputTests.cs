using Eucaim.Core.Access;
using static Eucaim.Core.Tests.Access.AccessFixtures;

namespace Eucaim.Core.Tests.Access;

public sealed class AccessDecisionInputTests
{
    [Fact]
    public void An_empty_decision_names_the_dataset_and_the_decision()
    {
        var outcome = new AccessDecisionInput(null, null, null, null, null, null).Validate();

        Assert.False(outcome.Succeeded);
        Assert.Equal(["datasetId", "decision"], outcome.Problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The decision is 'approve' or 'reject'.", outcome.Problem.Errors["decision"][0]);
    }

    [Theory]
    [InlineData("maybe", null, null, null, "decision")]
    [InlineData("approve", "owner", null, null, "as")]
    [InlineData("approve", null, 4001, null, "comment")]
    [InlineData("approve", null, null, 2001, "conditions")]
    public void Each_bad_field_is_named(string decision, string? @as, int? commentLength, int? conditionsLength, string field)
    {
        var outcome = new AccessDecisionInput(Guid.NewGuid(), decision, @as,
            commentLength is { } c ? new string('c', c) : null, null, conditionsLength is { } n ? new string('n', n) : null).Validate();

        Assert.Equal([field], outcome.Problem!.Errors!.Keys);
    }

    [Fact]
    public void A_valid_decision_is_normalized()
    {
        var dataset = Guid.NewGuid();
        var until = Now.AddDays(3);

        var approval = new AccessDecisionInput(dataset, " Approve ", "DATA-HOLDER", "  fine  ", until, " cite it ").Validate().Value!;
        var rejection = new AccessDecisionInput(dataset, "reject", "", " ", until, "ignored").Validate().Value!;

        Assert.Equal(new AccessDecisionChoice(dataset, true, ReviewParty.DataHolder, "fine", until, "cite it"), approval);
        // A rejection keeps no end and no conditions; without "as" the decider's role chooses the party.
        Assert.Equal(new AccessDecisionChoice(dataset, false, null, null, null, null), rejection);
    }
}
