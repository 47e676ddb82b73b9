using System.Text.Json;

namespace Eucaim.Platform.Tests.Identity;

/// <summary>The dev provider's seeded users (tools/dev-oidc/users.json) and what the platform must make of them.</summary>
public static class SeededUsers
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static readonly Lazy<JsonElement> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "tools", "dev-oidc", "users.json"))).RootElement.Clone());

    /// <summary>Roles, organizations and tenants each seeded user has on the platform, per the role mapping in appsettings.json.</summary>
    public static TheoryData<string, string[], string[], string[]> ExpectedGrants => new()
    {
        { "alba", ["admin"], [], [] },
        { "hugo", ["data-holder"], ["HM Hospitales"], [] },
        { "clara", ["data-holder"], ["CETIR"], [] },
        { "kai", ["access-committee"], [], [] },
        { "rita", ["researcher"], [], ["tenant-a"] },
        { "rob", ["researcher"], [], ["tenant-b"] },
        { "remy", ["researcher"], [], ["tenant-a", "tenant-b"] },
        { "nora", ["data-holder"], ["AUTH", "HCB", "KI", "OUS", "SAS", "Sapienza", "UoA"], [] },
    };

    public static JsonElement Get(string login) =>
        Document.Value.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("login").GetString() == login);

    public static string Subject(string login) => Get(login).GetProperty("sub").GetString()!;

    public static string[] Entitlements(string login) =>
        [.. Get(login).GetProperty("eduperson_entitlement").EnumerateArray().Select(e => e.GetString()!)];

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Eucaim.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Eucaim.sln above {AppContext.BaseDirectory}.");
    }
}
