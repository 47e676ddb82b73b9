using Eucaim.Core.Access;
using static Eucaim.Core.Tests.Access.AccessFixtures;

namespace Eucaim.Core.Tests.Access;

public sealed class VisaClaimsTests
{
    [Fact]
    public void One_visa_per_dataset_from_the_grant_that_lasts_longest()
    {
        var (a, b) = (Guid.Parse("00000000-0000-0000-0000-00000000000a"), Guid.Parse("00000000-0000-0000-0000-00000000000b"));
        Grant Grant(Guid dataset, int days) => new() { TenantSlug = "tenant-a", DatasetId = dataset, ValidFrom = Now, ValidUntil = Now.AddDays(days), CreatedBy = "kai" };

        var asserted = VisaClaims.Asserted([Grant(b, 3), Grant(a, 10), Grant(a, 30), Grant(a, 20)]);

        Assert.Equal([(a, Now.AddDays(30)), (b, Now.AddDays(3))], asserted.Select(g => (g.DatasetId, g.ValidUntil)));
    }

    [Fact]
    public void The_visa_names_the_dataset_under_the_platforms_url()
    {
        var dataset = Guid.NewGuid();
        var grant = new Grant { TenantSlug = "tenant-a", DatasetId = dataset, CreatedAt = Now, CreatedBy = "kai" };

        var claim = VisaClaims.ControlledAccessGrant(grant, "https://eucaim.example.org");

        Assert.Equal("ControlledAccessGrants", claim["type"]);
        Assert.Equal($"https://eucaim.example.org/api/datasets/{dataset:D}", claim["value"]);
        Assert.Equal(("https://eucaim.example.org", "dac", Now.ToUnixTimeSeconds()), ((string)claim["source"], (string)claim["by"], (long)claim["asserted"]));
    }
}
