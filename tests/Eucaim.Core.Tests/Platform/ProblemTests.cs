using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Platform;

public sealed class ProblemTests
{
    [Fact]
    public void A_hiding_not_found_reads_exactly_like_a_missing_one()
    {
        var missing = Problem.NotFound("access request", "42");
        var hidden = Problem.NotFound("access request", "42", hidesExisting: true);

        Assert.Equal((missing.Kind, missing.Title, missing.Detail), (hidden.Kind, hidden.Title, hidden.Detail));
        Assert.Null(missing.Hidden);
        Assert.Equal(new HiddenResource("access request", "42"), hidden.Hidden);
    }

    [Fact]
    public void An_invalid_problem_names_every_field_in_its_detail()
    {
        var problem = Problem.Invalid(new Dictionary<string, string[]>
        {
            ["title"] = ["A title is required."],
            ["days"] = ["Between 1 and 365."],
        });

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal(["days", "title"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Between 1 and 365. A title is required.", problem.Detail);
    }

    [Fact]
    public void An_outcome_is_either_its_value_or_its_problem()
    {
        Outcome<int> value = 7;
        Outcome<int> refused = Problem.Conflict("Closed.", "The request is closed.", "request-closed");

        Assert.True(value.Succeeded);
        Assert.Equal(8, value.Map(v => v + 1).Value);
        Assert.False(refused.Succeeded);
        Assert.Equal("request-closed", refused.Map(v => v + 1).Problem!.Rule);
    }
}
