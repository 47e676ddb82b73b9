using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>Merge and strategic-merge patches, and server-side apply with field managers, conflicts and force.</summary>
public sealed class PatchTests : FakeServerTest
{
    [Theory]
    [InlineData(V1Patch.PatchType.MergePatch)]
    [InlineData(V1Patch.PatchType.StrategicMergePatch)]
    public async Task A_merge_patch_merges_maps_removes_nulls_and_checks_a_sent_resource_version(V1Patch.PatchType type)
    {
        var created = await Client.CoreV1.CreateNamespaceAsync(Namespace("a", new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" }));

        var patched = await Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"drop":null,"add":"3"}}}""", type), "a");

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["add"] = "3" }, patched.Metadata.Labels);
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespaceAsync(
            new V1Patch("{\"metadata\":{\"resourceVersion\":\"" + created.Metadata.ResourceVersion + "\",\"labels\":{\"x\":\"y\"}}}", type), "a"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespaceAsync(new V1Patch("{}", type), "nowhere"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
    }

    [Fact]
    public async Task Apply_creates_then_removes_only_what_its_manager_stopped_applying_and_keeps_other_managers_fields()
    {
        await Apply("a", "platform", new() { ["mine"] = "1", ["later-dropped"] = "2" });
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"theirs":"3"}}}""", V1Patch.PatchType.MergePatch), "a", fieldManager: "other");

        var applied = await Apply("a", "platform", new() { ["mine"] = "1" });

        Assert.Equal(new Dictionary<string, string> { ["mine"] = "1", ["theirs"] = "3" }, applied.Metadata.Labels);
        Assert.Equal(["other/Update", "platform/Apply"], applied.Metadata.ManagedFields.Select(f => $"{f.Manager}/{f.Operation}").Order());
        var platform = applied.Metadata.ManagedFields.Single(f => f.Manager == "platform");
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:mine":{}}}}""", KubernetesJson.Serialize(platform.FieldsV1));
    }

    [Fact]
    public async Task Apply_conflicts_with_another_managers_value_unless_forced_and_forcing_takes_the_field_over()
    {
        await Apply("a", "platform", new() { ["tier"] = "gold" });
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"tier":"silver"}}}""", V1Patch.PatchType.MergePatch), "a", fieldManager: "other");

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Apply("a", "platform", new() { ["tier"] = "gold" }, force: false));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var message = System.Text.Json.Nodes.JsonNode.Parse(conflict.Response.Content)!["message"]!.GetValue<string>();
        Assert.StartsWith("Apply failed with 1 conflict:", message);
        Assert.Contains("conflict with \"other\": .metadata.labels.tier", message);

        var forced = await Apply("a", "platform", new() { ["tier"] = "gold" }, force: true);
        Assert.Equal("gold", forced.Metadata.Labels["tier"]);
        Assert.DoesNotContain(forced.Metadata.ManagedFields, f => f.Manager == "other");

        // The same value is no conflict: both managers then own the field.
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch("""{"metadata":{"labels":{"tier":"gold","more":"1"}}}""", V1Patch.PatchType.MergePatch), "a", fieldManager: "other");
        await Apply("a", "platform", new() { ["tier"] = "gold" }, force: false);
    }

    [Fact]
    public async Task An_apply_that_changes_nothing_writes_nothing()
    {
        var first = await Apply("a", "platform", new() { ["x"] = "1" });
        var before = Server.Store.ResourceVersion;

        var again = await Apply("a", "platform", new() { ["x"] = "1" });

        Assert.Equal(first.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(before, Server.Store.ResourceVersion);
    }

    [Fact]
    public async Task Apply_needs_a_field_manager_and_force_is_for_apply_only()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));

        var noManager = await SendAsync(HttpMethod.Patch, "/api/v1/namespaces/a", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}""", "application/apply-patch+yaml");
        var forcedMerge = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespaceAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "a", fieldManager: "x", force: true));
        var jsonPatch = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespaceAsync(new V1Patch("[]", V1Patch.PatchType.JsonPatch), "a"));

        Assert.Equal((422, "Invalid"), (noManager.Status, noManager.Body["reason"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forcedMerge.Response.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, jsonPatch.Response.StatusCode);
    }

    private Task<V1Namespace> Apply(string name, string manager, Dictionary<string, string> labels, bool force = false) =>
        Client.CoreV1.PatchNamespaceAsync(
            new V1Patch(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, V1Patch.PatchType.ApplyPatch),
            name, fieldManager: manager, force: force);
}
