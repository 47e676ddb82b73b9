using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Eucaim.Platform.Tests.Jobs;

/// <summary>
/// The token exchange job pods call (<c>/api/jobs/{id}/staging/*</c>): no user signs in there, so
/// anything but the current launch's token gets a 401 problem that says which header was wrong, the
/// same whether the job exists or not. (The links themselves are tested in Eucaim.Jobs.Tests.)
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class JobStagingEndpointTests(PlatformFixture fixture)
{
    [Theory]
    [InlineData("datasets", null)]
    [InlineData("outputs", "not-the-token")]
    public async Task A_missing_or_wrong_job_token_gets_401_and_no_links(string purpose, string? token)
    {
        using var api = fixture.Platform.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{Guid.NewGuid()}/staging/{purpose}");
        if (token is not null)
        {
            request.Headers.Add("Eucaim-Job-Token", token);
        }

        using var response = await api.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Job token not valid.", problem.GetProperty("title").GetString());
        Assert.Contains("Eucaim-Job-Token", problem.GetProperty("detail").GetString());
    }
}
