using Eucaim.Api.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>
/// The role mapping the API ships (Eucaim.Api/appsettings.json) applied to entitlements
/// directly: seeded users, percent-encoding, role suffixes, and look-alikes that must grant nothing.
/// </summary>
public sealed class EntitlementMappingTests
{
    private const string Vo = "urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu";
    private const string Authority = "#aai.lifescience-ri.eu";

    private static readonly RoleMapper Shipped = new(Options.Create(ShippedMapping()));

    [Theory]
    [MemberData(nameof(SeededUsers.ExpectedGrants), MemberType = typeof(SeededUsers))]
    public void Seeded_entitlements_map_as_expected(string login, string[] roles, string[] organizations, string[] tenants)
    {
        var grants = Shipped.MapEntitlements(SeededUsers.Entitlements(login));

        Assert.Equal(roles, grants.Roles);
        Assert.Equal(organizations, grants.Organizations);
        Assert.Equal(tenants, grants.Tenants);
    }

    [Theory]
    [InlineData($"{Vo}:platform-admins{Authority}")]
    [InlineData($"{Vo}:platform-admins:role=member{Authority}")]
    [InlineData("URN:GEANT:LIFESCIENCE-RI.EU:group:eucaim.lifescience-ri.eu:platform-admins#AAI.lifescience-ri.eu")]
    [InlineData($"{Vo}:platform%2Dadmins{Authority}")]
    public void Admin_entitlements_in_any_equivalent_spelling_make_an_admin(string entitlement)
    {
        Assert.Equal(["admin"], Shipped.MapEntitlements([entitlement]).Roles);
    }

    [Theory]
    [InlineData($"{Vo}:platform-admins#evil.example.org")]
    [InlineData($"{Vo}:platform-admins")]
    [InlineData("urn:geant:evil.example.org:group:eucaim.lifescience-ri.eu:platform-admins#aai.lifescience-ri.eu")]
    [InlineData("urn:geant:lifescience-ri.eu:group:eucaim-evil.lifescience-ri.eu:platform-admins#aai.lifescience-ri.eu")]
    [InlineData("urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu.evil:platform-admins#aai.lifescience-ri.eu")]
    [InlineData("urn:geant:lifescience-ri.eu:group:other-vo:eucaim.lifescience-ri.eu:platform-admins#aai.lifescience-ri.eu")]
    [InlineData($"{Vo}:platform-admins-x{Authority}")]
    [InlineData($"{Vo}:platform-admins:nested{Authority}")]
    [InlineData($"{Vo}:platform-admins%3Anested{Authority}")]
    [InlineData($"{Vo}:Platform-Admins{Authority}")]
    [InlineData($"{Vo}:platform-admins{Authority}.evil.org")]
    [InlineData($"{Vo}:role=platform-admins{Authority}")]
    [InlineData($"{Vo}:platform-admins{Authority}#aai.lifescience-ri.eu.evil")]
    [InlineData($"{Vo}:platform-admins:{Authority}")]
    [InlineData($"{Vo}:tenants{Authority}")]
    [InlineData($"{Vo}:tenants:role=member{Authority}")]
    [InlineData($"{Vo}:data-holders:CETIR:sub:role=data-holder{Authority}")]
    [InlineData($"{Vo}:tenants:tenant-a{Authority}.example.org")]
    [InlineData("urn:mace:lifescience-ri.eu:group:eucaim.lifescience-ri.eu:platform-admins#aai.lifescience-ri.eu")]
    [InlineData("eucaim.lifescience-ri.eu:platform-admins")]
    [InlineData("")]
    public void Look_alike_entitlements_grant_nothing(string entitlement)
    {
        var grants = Shipped.MapEntitlements([entitlement]);

        Assert.Empty(grants.Roles);
        Assert.Empty(grants.Organizations);
        Assert.Empty(grants.Tenants);
    }

    [Theory]
    [InlineData($"{Vo}:data-holders:HM%20Hospitales{Authority}", "HM Hospitales")]
    [InlineData($"{Vo}:data-holders:HM%20Hospitales:role=data-holder{Authority}", "HM Hospitales")]
    [InlineData($"{Vo}:data-holders:Hospital%20Cl%C3%ADnic:role=data-holder{Authority}", "Hospital Clínic")]
    [InlineData($"{Vo}:data-holders:A%3AB{Authority}", "A:B")]
    public void Organization_names_are_percent_decoded(string entitlement, string organization)
    {
        var grants = Shipped.MapEntitlements([entitlement]);

        Assert.Equal([organization], grants.Organizations);
        Assert.Equal(["data-holder"], grants.Roles);
    }

    [Fact]
    public void A_rule_naming_a_role_needs_that_role_and_a_rule_without_one_takes_any()
    {
        var mapper = new RoleMapper(Options.Create(new RoleMappingOptions
        {
            AccessCommittee = [$"{Vo}:access-committee:role=chair{Authority}"],
            Tenants = [new RoleMappingOptions.TenantRule { Entitlement = $"{Vo}:projects:lung%20ai{Authority}", Tenant = "lung-ai" }],
        }));

        Assert.Equal(["access-committee"], mapper.MapEntitlements([$"{Vo}:access-committee:role=chair{Authority}"]).Roles);
        Assert.Empty(mapper.MapEntitlements([$"{Vo}:access-committee:role=member{Authority}"]).Roles);
        Assert.Empty(mapper.MapEntitlements([$"{Vo}:access-committee{Authority}"]).Roles);
        Assert.Equal(["lung-ai"], mapper.MapEntitlements([$"{Vo}:projects:lung ai:role=member{Authority}"]).Tenants);
        Assert.Equal(["lung-ai"], mapper.MapEntitlements([$"{Vo}:projects:lung%20ai{Authority}"]).Tenants);
    }

    [Fact]
    public void Entra_app_roles_map_to_the_same_platform_roles()
    {
        var mapper = new RoleMapper(Options.Create(new RoleMappingOptions
        {
            EntraAppRoles = new RoleMappingOptions.EntraAppRoleMapping
            {
                Admins = ["Eucaim.Admin"],
                DataHolders = [new RoleMappingOptions.AppRoleOrganization { AppRole = "DataHolder.CETIR", Organization = "CETIR" }],
                Tenants = [new RoleMappingOptions.AppRoleTenant { AppRole = "Tenant.A", Tenant = "tenant-a" }],
            },
        }));

        var grants = mapper.MapEntraAppRoles(["Eucaim.Admin", "DataHolder.CETIR", "Tenant.A", "eucaim.admin"]);

        Assert.Equal(["admin", "data-holder", "researcher"], grants.Roles);
        Assert.Equal(["CETIR"], grants.Organizations);
        Assert.Equal(["tenant-a"], grants.Tenants);
        Assert.Empty(mapper.MapEntraAppRoles(["eucaim.admin", "Admin"]).Roles);
    }

    [Theory]
    [InlineData("eucaim-admins")]
    [InlineData($"{Vo}:platform-admins")]
    [InlineData("urn:geant:lifescience-ri.eu:eucaim:platform-admins#aai.lifescience-ri.eu")]
    public void A_role_mapping_with_a_malformed_entitlement_is_refused_at_start(string entitlement)
    {
        var result = new RoleMappingOptionsValidator().Validate(null, new RoleMappingOptions { Admins = [entitlement] });

        Assert.True(result.Failed);
        Assert.Contains(entitlement, result.FailureMessage);
    }

    [Fact]
    public void The_shipped_role_mapping_is_valid()
    {
        Assert.True(new RoleMappingOptionsValidator().Validate(null, ShippedMapping()).Succeeded);
    }

    private static RoleMappingOptions ShippedMapping() =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(SeededUsers.RepositoryRoot, "Eucaim.Api", "appsettings.json"))
            .Build()
            .GetSection(RoleMappingOptions.Section)
            .Get<RoleMappingOptions>()!;
}
