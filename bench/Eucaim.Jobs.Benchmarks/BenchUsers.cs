using System.Text.Json;

namespace Eucaim.Jobs.Benchmarks;

/// <summary>Subjects of the dev provider's seeded users (tools/dev-oidc/users.json).</summary>
internal static class BenchUsers
{
    public static string Subject(string login)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Eucaim.sln")))
        {
            dir = dir.Parent;
        }

        var users = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir!.FullName, "tools", "dev-oidc", "users.json"))).RootElement;
        return users.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("login").GetString() == login).GetProperty("sub").GetString()!;
    }
}
