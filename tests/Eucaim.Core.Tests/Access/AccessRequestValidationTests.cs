using Eucaim.Core.Access;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Tests.Access;

public sealed class AccessRequestValidationTests
{
    private const int MaxDays = 730;

    private static readonly AccessRequestDraft Good = new(
        " Nodule detection ", " Train a detector. ", "  ", ["DUO:0000042", "DUO:0000042", "DUO:0000006"], 30);

    [Theory]
    [InlineData("title")]
    [InlineData("purpose")]
    [InlineData("requestedDays")]
    public void A_missing_field_is_named(string field)
    {
        var draft = field switch
        {
            "title" => Good with { Title = "" },
            "purpose" => Good with { Purpose = "   " },
            _ => Good with { RequestedDays = null },
        };

        Assert.Equal([field], Fields(AccessRequestValidation.Validate(draft, MaxDays)));
    }

    [Fact]
    public void Days_beyond_the_platform_maximum_say_the_maximum()
    {
        var problem = AccessRequestValidation.Validate(Good with { RequestedDays = 100_000 }, MaxDays).Problem!;

        Assert.Contains("platform maximum of 730 days", problem.Errors!["requestedDays"][0]);
        Assert.Equal("The requested duration must be at least one day.",
            AccessRequestValidation.Validate(Good with { RequestedDays = 0 }, MaxDays).Problem!.Errors!["requestedDays"][0]);
    }

    [Fact]
    public void A_code_that_is_not_a_data_use_ontology_term_is_quoted()
    {
        var problem = AccessRequestValidation.Validate(Good with { DuoCodes = ["DUO:0000042", "GRU"] }, MaxDays).Problem!;

        Assert.Equal("'GRU' is not a Data Use Ontology code such as DUO:0000042.", Assert.Single(problem.Errors!["duoCodes"]));
    }

    [Fact]
    public void A_valid_draft_is_trimmed_and_its_codes_distinct()
    {
        var content = AccessRequestValidation.Validate(Good, MaxDays).Value!;

        Assert.Equal(("Nodule detection", "Train a detector.", (string?)null, 30), (content.Title, content.Purpose, content.IntendedUse, content.RequestedDays));
        Assert.Equal(["DUO:0000042", "DUO:0000006"], content.DuoCodes);
    }

    [Fact]
    public void No_body_is_an_error_on_the_body()
    {
        Assert.Equal(["body"], Fields(AccessRequestValidation.Validate((AccessRequestDraft?)null, MaxDays)));
        Assert.Equal(["body"], Fields(AccessRequestValidation.Validate((AccessSubmission?)null, MaxDays)));
    }

    [Fact]
    public void A_submission_needs_a_tenant_and_one_to_fifty_distinct_datasets()
    {
        var dataset = new WantedDataset(Guid.NewGuid(), null);

        Assert.Equal(["datasets", "tenant"], Fields(AccessRequestValidation.Validate(new AccessSubmission(" ", Good, []), MaxDays)));
        var twice = AccessRequestValidation.Validate(new AccessSubmission("tenant-a", Good, [dataset, dataset]), MaxDays).Problem!;
        Assert.Equal("Each dataset may appear once.", twice.Errors!["datasets"][0]);
        var tooMany = Enumerable.Range(0, AccessRules.MaxDatasetsPerRequest + 1).Select(_ => new WantedDataset(Guid.NewGuid(), null)).ToList();
        Assert.Equal(["datasets"], Fields(AccessRequestValidation.Validate(new AccessSubmission("tenant-a", Good, tooMany), MaxDays)));

        var valid = AccessRequestValidation.Validate(new AccessSubmission(" tenant-a ", Good, [dataset]), MaxDays).Value!;
        Assert.Equal("tenant-a", valid.Tenant);
    }

    [Fact]
    public void Errors_keep_the_order_the_api_has_always_listed_them_in()
    {
        var problem = AccessRequestValidation.Validate(new AccessSubmission(null, new AccessRequestDraft(null, null, null, null, null), null), MaxDays).Problem!;

        Assert.Equal(["title", "purpose", "requestedDays", "datasets", "tenant"], problem.Errors!.Keys);
    }

    private static IEnumerable<string> Fields<T>(Outcome<T> outcome) => outcome.Problem!.Errors!.Keys.Order(StringComparer.Ordinal);
}
