using Eucaim.Core.Ingest;

namespace Eucaim.Core.Tests.Ingest;

public sealed class IngestPolicySettingsTests
{
    [Theory]
    [InlineData("report", DeidentificationMode.Report)]
    [InlineData("REJECT", DeidentificationMode.Reject)]
    [InlineData("Deidentify", DeidentificationMode.Deidentify)]
    public void The_mode_is_read_in_any_case(string mode, DeidentificationMode expected)
    {
        Assert.Equal(expected, IngestPolicySettings.Parse(mode, false, null).Value?.Mode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("anonymize")]
    public void An_unknown_or_numeric_mode_is_refused(string? mode)
    {
        Assert.Equal(["mode"], IngestPolicySettings.Parse(mode, false, null).Problem?.Errors?.Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    public void The_date_shift_is_between_1_and_3650_days(int days)
    {
        var outcome = IngestPolicySettings.Parse("deidentify", true, days);

        Assert.Equal(["dateShiftRangeDays"], outcome.Problem?.Errors?.Keys);
        Assert.Equal("The ingest policy is not valid.", outcome.Problem?.Title);
    }

    [Fact]
    public void A_dataset_without_a_policy_reports()
    {
        Assert.Equal(new IngestPolicySettings(DeidentificationMode.Report, false, null), IngestPolicySettings.Of(null));
    }
}
