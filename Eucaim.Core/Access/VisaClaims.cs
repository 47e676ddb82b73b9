namespace Eucaim.Core.Access;

/// <summary>What a GA4GH Passport asserts for a user: one <c>ControlledAccessGrants</c> visa per granted dataset.</summary>
public static class VisaClaims
{
    /// <summary>One grant per dataset, in dataset order: of several, the one that lasts longest speaks for it.</summary>
    public static IReadOnlyList<Grant> Asserted(IEnumerable<Grant> activeGrants) =>
        [.. activeGrants.GroupBy(g => g.DatasetId).Select(g => g.MaxBy(x => x.ValidUntil)).OfType<Grant>().OrderBy(g => g.DatasetId)];

    /// <summary>The <c>ga4gh_visa_v1</c> claim of <paramref name="grant"/>, issued by the platform at <paramref name="baseUrl"/>.</summary>
    public static Dictionary<string, object> ControlledAccessGrant(Grant grant, string baseUrl) => new()
    {
        ["type"] = "ControlledAccessGrants",
        ["asserted"] = grant.CreatedAt.ToUnixTimeSeconds(),
        ["value"] = $"{baseUrl}/api/datasets/{grant.DatasetId:D}",
        ["source"] = baseUrl,
        ["by"] = "dac",
    };
}
