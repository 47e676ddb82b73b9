using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Eucaim.Platform.Tests.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Access;

/// <summary>
/// The whole way with the dev provider's users: rita (tenant-a) asks for two datasets, kai approves
/// one and rejects the other, the grant appears for the tenant, the GA4GH visa verifies against the
/// JWKS fetched over HTTP, revocation removes access (and announces it), expiry removes access at
/// the set time (the test clock moves Api and Workers forward).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessEndToEndTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task Request_partial_approval_grant_visa_revocation_and_expiry()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a", "tenant-b");
        var alba = await scenario.UserAsync("alba");
        var rita = await scenario.UserAsync("rita");
        var kai = await scenario.UserAsync("kai");
        var rob = await scenario.UserAsync("rob");
        var approved = await scenario.PublishAsync("E2E cohort to approve");
        var refused = await scenario.PublishAsync("E2E cohort to reject");

        var submitted = await SubmitAsync(rita, "tenant-a", 30, approved, refused);
        var requestId = submitted.GetProperty("id").GetGuid();
        Assert.Equal("submitted", submitted.GetProperty("status").GetString());
        Assert.Equal("tenant-a", submitted.GetProperty("tenant").GetString());
        Assert.Equal(SeededUsers.Subject("rita"), submitted.GetProperty("requester").GetString());

        var afterApproval = await ReadAsync(await DecideAsync(kai, requestId, approved, "approve"), HttpStatusCode.OK);
        Assert.Equal("under-review", afterApproval.GetProperty("status").GetString());
        Assert.Equal("approved", Item(afterApproval, approved).GetProperty("status").GetString());
        var grantId = Item(afterApproval, approved).GetProperty("grantId").GetGuid();

        var afterRejection = await ReadAsync(await DecideAsync(kai, requestId, refused, "reject"), HttpStatusCode.OK);
        Assert.Equal("approved", afterRejection.GetProperty("status").GetString());
        Assert.Equal("rejected", Item(afterRejection, refused).GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, Item(afterRejection, refused).GetProperty("grantId").ValueKind);
        Assert.Equal(2, afterRejection.GetProperty("decisions").GetArrayLength());

        // The grant appears for the tenant, for the approved dataset only.
        var grant = Assert.Single(await GrantsAsync(rita, $"tenant=tenant-a&dataset={approved}&active=true"));
        Assert.Equal(grantId, grant.GetProperty("id").GetGuid());
        Assert.Equal("active", grant.GetProperty("status").GetString());
        Assert.Equal(requestId, grant.GetProperty("accessRequestId").GetGuid());
        var validFrom = grant.GetProperty("validFrom").GetDateTimeOffset();
        var validUntil = grant.GetProperty("validUntil").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromDays(30), validUntil - validFrom);
        Assert.Empty(await GrantsAsync(rita, $"dataset={refused}"));
        Assert.Empty(await GrantsAsync(rob, $"dataset={approved}"));
        Assert.Equal(HttpStatusCode.NotFound, (await rob.GetAsync($"/api/grants/{grantId}")).StatusCode);

        // rita's inbox says what happened; rob's does not.
        var inbox = await ReadAsync(await rita.GetAsync("/api/notifications"), HttpStatusCode.OK);
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "access-request.decided"
            && n.GetProperty("accessRequestId").GetGuid() == requestId);
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "grant.created"
            && n.GetProperty("grantId").GetGuid() == grantId);
        var robInbox = await ReadAsync(await rob.GetAsync("/api/notifications"), HttpStatusCode.OK);
        Assert.DoesNotContain(robInbox.EnumerateArray(), n => n.TryGetProperty("accessRequestId", out var r) && r.ValueKind != JsonValueKind.Null && r.GetGuid() == requestId);

        // The visa verifies with a standard JWT library against the JWKS fetched over HTTP.
        var baseUrl = rita.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var visa = await VisaForAsync(rita, baseUrl, approved);
        Assert.NotNull(visa);
        var payload = await VerifyVisaAsync(visa!, baseUrl);
        Assert.Equal(SeededUsers.Subject("rita"), payload.GetProperty("sub").GetString());
        Assert.Equal(validUntil.ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
        var claim = payload.GetProperty("ga4gh_visa_v1");
        Assert.Equal("ControlledAccessGrants", claim.GetProperty("type").GetString());
        Assert.Equal("dac", claim.GetProperty("by").GetString());
        Assert.Equal($"{baseUrl}/api/datasets/{approved:D}", claim.GetProperty("value").GetString());
        Assert.Equal(baseUrl, claim.GetProperty("source").GetString());
        Assert.True(claim.GetProperty("asserted").GetInt64() <= DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Null(await VisaForAsync(rob, baseUrl, approved));

        // A forged payload under the real signature is refused by the same validation.
        var parts = visa!.Split('.');
        var forged = JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(parts[1]))!
            .Append(new KeyValuePair<string, object>("sub", "mallory")).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value));
        var forgedVisa = $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(forged))}.{parts[2]}";
        Assert.False((await ValidateAsync(forgedVisa, baseUrl)).IsValid);

        // Revocation: access ends at once, and the jobs dispatcher's channel hears of it.
        await using (var listener = await GrantEndedListener.StartAsync(Platform))
        {
            var revoked = await ReadAsync(await kai.PostAsJsonAsync($"/api/grants/{grantId}/revoke", new { reason = "Project ended early." }), HttpStatusCode.OK);
            Assert.Equal("revoked", revoked.GetProperty("status").GetString());
            await listener.WaitForAsync(grantId, TimeSpan.FromSeconds(30));
        }

        Assert.Empty(await GrantsAsync(rita, $"dataset={approved}&active=true"));
        Assert.Equal("revoked", (await ReadAsync(await rita.GetAsync($"/api/grants/{grantId}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Null(await VisaForAsync(rita, baseUrl, approved));
        Assert.Equal(HttpStatusCode.Conflict, (await kai.PostAsJsonAsync($"/api/grants/{grantId}/revoke", new { reason = "again" })).StatusCode);

        // Expiry at the set time: a one-day grant, then the clock moves a day and a minute on.
        var expiring = await scenario.PublishAsync("E2E cohort for one day");
        var shortRequest = await SubmitAsync(rita, "tenant-a", 1, expiring);
        var decided = await ReadAsync(await DecideAsync(kai, shortRequest.GetProperty("id").GetGuid(), expiring, "approve"), HttpStatusCode.OK);
        var shortGrant = Item(decided, expiring).GetProperty("grantId").GetGuid();
        Assert.Single(await GrantsAsync(rita, $"dataset={expiring}&active=true"));
        Assert.NotNull(await VisaForAsync(rita, baseUrl, expiring));

        await using var expiryListener = await GrantEndedListener.StartAsync(Platform);
        try
        {
            await SetClockAsync(Platform, alba, TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
            Assert.Single(await GrantsAsync(rita, $"dataset={expiring}&active=true"));

            await SetClockAsync(Platform, alba, TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            Assert.Empty(await GrantsAsync(rita, $"dataset={expiring}&active=true"));
            Assert.Equal("expired", (await ReadAsync(await rita.GetAsync($"/api/grants/{shortGrant}"), HttpStatusCode.OK)).GetProperty("status").GetString());
            Assert.Null(await VisaForAsync(rita, baseUrl, expiring));

            // The sweeper in Workers marks it expired and announces the end.
            await expiryListener.WaitForAsync(shortGrant, TimeSpan.FromSeconds(60));
            var swept = await ReadAsync(await rita.GetAsync($"/api/grants/{shortGrant}"), HttpStatusCode.OK);
            Assert.NotEqual(JsonValueKind.Null, swept.GetProperty("expiredAt").ValueKind);
            var expiredInbox = await ReadAsync(await rita.GetAsync("/api/notifications"), HttpStatusCode.OK);
            Assert.Contains(expiredInbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "grant.expired"
                && n.GetProperty("grantId").GetGuid() == shortGrant);
        }
        finally
        {
            await SetClockAsync(Platform, alba, TimeSpan.Zero);
        }

        // Once expired, a grant stays ended even with the clock back at the real time.
        Assert.Empty(await GrantsAsync(rita, $"dataset={expiring}&active=true"));
    }

    private static async Task<string?> VisaForAsync(HttpClient client, string baseUrl, Guid dataset)
    {
        var passport = await ReadAsync(await client.GetAsync("/api/ga4gh/passport"), HttpStatusCode.OK);
        foreach (var visa in passport.GetProperty("ga4gh_passport_v1").EnumerateArray().Select(v => v.GetString()!))
        {
            var claim = JsonDocument.Parse(Base64UrlEncoder.Decode(visa.Split('.')[1])).RootElement.GetProperty("ga4gh_visa_v1");
            if (claim.GetProperty("value").GetString() == $"{baseUrl}/api/datasets/{dataset:D}")
            {
                return visa;
            }
        }

        return null;
    }

    private static async Task<JsonElement> VerifyVisaAsync(string visa, string baseUrl)
    {
        var result = await ValidateAsync(visa, baseUrl);
        Assert.True(result.IsValid, $"The visa does not verify: {result.Exception}");
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("vnd.ga4gh.visa+jwt", token.Typ);
        Assert.Equal("ES256", token.Alg);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement.Clone();
    }

    /// <summary>Fetches the keys from the visa's <c>jku</c> over HTTP (allow-listed: our own JWKS URL) and validates strictly.</summary>
    private static async Task<TokenValidationResult> ValidateAsync(string visa, string baseUrl)
    {
        var jku = new JsonWebToken(visa).GetHeaderValue<string>("jku");
        Assert.Equal($"{baseUrl}/.well-known/jwks.json", jku);
        using var http = new HttpClient();
        var keys = new JsonWebKeySet(await http.GetStringAsync(jku));
        return await new JsonWebTokenHandler().ValidateTokenAsync(visa, new TokenValidationParameters
        {
            ValidIssuer = baseUrl,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidTypes = ["vnd.ga4gh.visa+jwt"],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        });
    }
}
