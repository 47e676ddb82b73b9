using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Eucaim.Core.Federation;
using Eucaim.Platform.Tests.Audit;
using Eucaim.Platform.Tests.Identity;
using static Eucaim.Platform.Tests.Federation.TestNode;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>The node registry: admins register nodes with a P-256 public key and federated datasets, read and revoke them; everything refused names its field.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FederationNodeTests(PlatformFixture fixture)
{
    [Fact]
    public async Task The_hub_key_is_public_and_its_fingerprint_is_that_of_the_key()
    {
        var key = await ReadAsync(await fixture.Platform.CreateApiClient().GetAsync("/federation/key"), HttpStatusCode.OK);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.GetProperty("publicKey").GetString());
        Assert.Equal(FederationKey.Fingerprint(ecdsa), key.GetProperty("fingerprint").GetString());
        Assert.Equal("hub", key.GetProperty("id").GetString());
        Assert.Equal("ES256", key.GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task Registration_refuses_bad_ids_keys_and_datasets_and_a_second_node_of_the_same_id()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        using var rita = await fixture.Platform.CreateApiClientForAsync("rita");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var publicKey = key.ExportSubjectPublicKeyInfoPem();
        var federated = FederatedSeedDatasets[0];
        object Node(string id, string? pem = null, Guid[]? datasets = null) =>
            new { id, organisation = "Hospital of the tests", publicKey = pem ?? publicKey, datasets = datasets ?? [federated] };

        async Task Refused(object body, string field, string? says = null)
        {
            var problem = await ReadAsync(await alba.PostAsJsonAsync("/api/federation/nodes", body), HttpStatusCode.BadRequest);
            Assert.Equal(field, problem.GetProperty("field").GetString());
            if (says is not null)
            {
                Assert.Contains(says, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
            }
        }

        await Refused(Node("Not_A_Slug"), "id");
        await Refused(Node("hub"), "id");
        await Refused(Node(NewId(), "not a key"), "publicKey", "not a PEM public key");
        await Refused(Node(NewId(), key.ExportPkcs8PrivateKeyPem()), "publicKey", "private key");
        await Refused(Node(NewId(), p384.ExportSubjectPublicKeyInfoPem()), "publicKey", "384-bit");
        await Refused(Node(NewId(), datasets: [CentralSeedDataset]), "datasets", "not shared through a federated node");
        await Refused(Node(NewId(), datasets: [Guid.NewGuid()]), "datasets", "no dataset");
        await Refused(Node(NewId(), datasets: []), "datasets");

        var id = NewId();
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PostAsJsonAsync("/api/federation/nodes", Node(id))).StatusCode);
        var created = await ReadAsync(await alba.PostAsJsonAsync("/api/federation/nodes", Node(id)), HttpStatusCode.Created);
        try
        {
            Assert.Equal(id, created.GetProperty("id").GetString());
            Assert.Equal(FederationKey.Fingerprint(key), created.GetProperty("fingerprint").GetString());
            Assert.Equal("active", created.GetProperty("state").GetString());
            Assert.Equal(federated, Assert.Single(created.GetProperty("datasets").EnumerateArray()).GetGuid());
            Assert.Equal(JsonValueKindNull, created.GetProperty("lastSeenAt").ValueKind);

            var duplicate = await ReadAsync(await alba.PostAsJsonAsync("/api/federation/nodes", Node(id)), HttpStatusCode.Conflict);
            Assert.Equal("node-exists", duplicate.GetProperty("rule").GetString());

            var listed = await ReadAsync(await alba.GetAsync("/api/federation/nodes"), HttpStatusCode.OK);
            Assert.Contains(listed.EnumerateArray(), n => n.GetProperty("id").GetString() == id);
            Assert.Equal(HttpStatusCode.Forbidden, (await rita.GetAsync("/api/federation/nodes")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alba.GetAsync($"/api/federation/nodes/{NewId()}")).StatusCode);

            var registered = await AuditLog.WaitForAsync(alba, "action=federation.node-registered&limit=100",
                e => e.GetProperty("targetId").GetString() == id, found => found.Count == 1, TimeSpan.FromSeconds(30));
            Assert.Equal(FederationKey.Fingerprint(key), registered[0].GetProperty("details").GetProperty("fingerprint").GetString());
        }
        finally
        {
            var revoked = await ReadAsync(await alba.PostAsync($"/api/federation/nodes/{id}/revoke", null), HttpStatusCode.OK);
            Assert.Equal("revoked", revoked.GetProperty("state").GetString());
        }

        Assert.Equal("revoked", (await ReadAsync(await alba.GetAsync($"/api/federation/nodes/{id}"), HttpStatusCode.OK)).GetProperty("state").GetString());
        await AuditLog.WaitForAsync(alba, "action=federation.node-revoked&limit=100",
            e => e.GetProperty("targetId").GetString() == id, found => found.Count == 1, TimeSpan.FromSeconds(30));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
