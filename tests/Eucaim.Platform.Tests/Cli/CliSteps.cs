using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>The steps the command-line tests take again and again, each failing with the tool's whole output.</summary>
internal static class CliSteps
{
    /// <summary>Signs <paramref name="user"/> in with the device flow, approved at the dev provider's pages.</summary>
    public static async Task SignInAsync(CliUser cli, string user)
    {
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, user);
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    /// <summary>Runs the tool, which must succeed.</summary>
    public static async Task<CliResult> Ok(CliUser cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}\n{result}");
        return result;
    }

    /// <summary>The pattern is in the text; when not, the whole text is shown.</summary>
    public static void Has(string text, string pattern) => Assert.True(Regex.IsMatch(text, pattern), $"{pattern} is not in:\n{text}");

    public static JsonElement Json(CliResult result) => JsonDocument.Parse(result.Output).RootElement.Clone();

    /// <summary>An error written as the one line the tool promises.</summary>
    public static string OneLine(string error) => Assert.Single(error.TrimEnd('\n').Split('\n'));

    /// <summary>The table row that names <paramref name="key"/>.</summary>
    public static string Row(string table, string key) => Assert.Single(table.Split('\n'), l => l.Contains(key, StringComparison.Ordinal));
}
