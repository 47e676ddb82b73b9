using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Eucaim.Platform.Tests.Identity;

// In the tests' root namespace, so every capability's tests find these without a using.
namespace Eucaim.Platform.Tests;

/// <summary>Signed-in API clients for tests of every capability.</summary>
public static class PlatformRunIdentityExtensions
{
    private static readonly ConditionalWeakTable<PlatformRun, DevLsLogin> Providers = [];

    /// <summary>The dev LS Login of this run, for real tokens of the seeded users.</summary>
    public static DevLsLogin LsLogin(this PlatformRun platform) =>
        Providers.GetValue(platform, run => new DevLsLogin(run.App));

    /// <summary>An API client that sends <paramref name="accessToken"/> as a bearer token.</summary>
    public static HttpClient CreateApiClientAs(this PlatformRun platform, string accessToken)
    {
        var client = platform.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>An API client signed in as a seeded user (<c>alba</c>, <c>hugo</c>, <c>rita</c>…).</summary>
    public static async Task<HttpClient> CreateApiClientForAsync(this PlatformRun platform, string login, string client = "eucaim-cli") =>
        platform.CreateApiClientAs(await platform.LsLogin().AccessTokenAsync(login, client));
}
