using Eucaim.Cli.Jobs;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// What <c>eucaim jobs submit</c> refuses before it asks the platform anything (a job file's typo, a
/// bad flag), and the exit codes <c>jobs wait</c> derives from a job. No platform needed: the
/// refusals come before the sign-in is even read.
/// </summary>
public sealed class CliJobFileTests
{
    [Theory]
    [InlineData("tenant: tenant-a\nflavour: small-cpu\n", "'flavour' is not a field of a job")]
    [InlineData("tenant: tenant-a\narguments: --verbose\n", "'arguments' must be a list")]
    [InlineData("environment:\n  SEED: [1, 2]\n", "'environment.SEED' must hold text")]
    [InlineData("tenant: [unclosed\n", "is not YAML (line ")]
    [InlineData("- a job\n- another\n", "is not a job")]
    public async Task A_job_file_that_is_not_a_job_is_refused_as_usage_naming_what_is_wrong(string yaml, string expected)
    {
        using var cli = new CliUser(new Uri("http://127.0.0.1:9"));
        var file = Path.Combine(cli.ConfigFolder, "job.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var submit = await cli.RunAsync("jobs", "submit", "--file", file);

        Assert.True(submit.ExitCode == 2, submit.ToString());
        Assert.Contains(expected, submit.Error);
    }

    [Theory]
    [InlineData("--dataset", "lung", "is not a dataset id")]
    [InlineData("--env", "SEED", "is not NAME=value")]
    public async Task A_bad_flag_value_is_refused_as_usage(string option, string value, string expected)
    {
        using var cli = new CliUser(new Uri("http://127.0.0.1:9"));

        var submit = await cli.RunAsync("jobs", "submit", "--tenant", "tenant-a", option, value);

        Assert.True(submit.ExitCode == 2, submit.ToString());
        Assert.Contains(expected, submit.Error);
    }

    [Theory]
    [InlineData("Succeeded", 0, 0)]
    [InlineData("Succeeded", null, 0)]
    [InlineData("Failed", 3, 3)]
    [InlineData("Failed", 137, 137)]
    [InlineData("Failed", null, 1)]
    [InlineData("Failed", 0, 1)]
    [InlineData("Failed", 256, 1)]
    [InlineData("Failed", -1, 1)]
    [InlineData("Cancelled", null, 5)]
    [InlineData("Cancelled", 143, 5)]
    [InlineData("TimedOut", null, 6)]
    public void Jobs_wait_exits_with_a_code_derived_from_the_jobs_status(string status, int? jobExitCode, int expected) =>
        Assert.Equal(expected, JobExit.Of(status, jobExitCode));
}
