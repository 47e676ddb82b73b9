using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary><c>dryRun=All</c>: the write is validated and admitted and its result returned, but nothing is stored and no watch sees it.</summary>
public sealed class DryRunTests : FakeServerTest
{
    [Fact]
    public async Task Dry_runs_of_create_update_patch_and_delete_change_nothing()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        var before = Server.Store.ResourceVersion;
        Server.ClearWrites();

        var created = await Client.CoreV1.CreateNamespaceAsync(Namespace("b"), dryRun: "All");
        var current = await Client.CoreV1.ReadNamespaceAsync("a");
        current.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        var replaced = await Client.CoreV1.ReplaceNamespaceAsync(current, "a", dryRun: "All");
        var patched = await Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"p":"q"}}}""", V1Patch.PatchType.MergePatch), "a", dryRun: "All");
        await Client.CoreV1.DeleteNamespaceAsync("a", dryRun: "All");

        Assert.Equal("b", created.Metadata.Name);
        Assert.Equal("y", replaced.Metadata.Labels["x"]);
        Assert.Equal("q", patched.Metadata.Labels["p"]);
        Assert.Equal(before, Server.Store.ResourceVersion);
        Assert.Empty(Server.Writes);
        Assert.Equal(["a"], (await Client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name));
        Assert.Null((await Client.CoreV1.ReadNamespaceAsync("a")).Metadata.Labels);
    }

    [Fact]
    public async Task A_dry_run_is_still_refused_what_a_real_write_would_be()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));

        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespaceAsync(Namespace("a"), dryRun: "All"));
        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespaceAsync(Namespace("b"), dryRun: "Some"));

        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Response.StatusCode);
    }
}
