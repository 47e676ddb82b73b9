using System.Net;
using System.Text.Json;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Federation;
using static Eucaim.Platform.Tests.Federation.TestNode;
using static Eucaim.Platform.Tests.Cli.CliSteps;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// <c>eucaim federation …</c> against the running hub, with nodes the test plays (<see cref="TestNode"/>):
/// federated counts as a researcher reads them (suppressed cells, a node that does not answer in time,
/// its late answer), the node registry as an admin keeps it, and the API's refusals naming the field.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliFederationTests(PlatformFixture fixture)
{
    private const int UsageExit = 2;
    private const int RefusedExit = 4;

    private static readonly CountPrivacy Privacy = new("laplace", 1.0, 5, 10);

    private Uri ApiUrl => fixture.Platform.App.GetEndpoint("api", "http");

    [Fact]
    public async Task Counts_show_suppressed_cells_as_below_the_threshold_a_silent_node_as_partial_and_its_late_answer_on_show()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        var (d1, d3) = (FederatedSeedDatasets[0], FederatedSeedDatasets[2]);
        using var answering = await RegisterAsync(platform, alba, d1);
        using var silent = await RegisterAsync(platform, alba, d3);
        using var cli = new CliUser(ApiUrl);
        try
        {
            var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "rita");
            Assert.True(login.ExitCode == 0, login.ToString());
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var answered = answering.AnswerNextAsync(
                id => new DatasetCounts(id, new PrivateCount(37, false), new PrivateCount(null, true), new PrivateCount(120, false)), Privacy, patience.Token);
            var received = silent.NextQueryAsync(patience.Token);

            var search = await Ok(cli, "federation", "counts", "--sex", "F", "--age-min", "40", "--age-max", "80", "--modality", "mr",
                "--dataset", d1.ToString(), "--dataset", d3.ToString());
            var asked = await answered;
            var query = await received;
            Assert.Equal(new CountFilters("F", 40, 80, "MR", null, null), asked.Filters);

            var output = search.Output;
            Assert.Contains($"Query {query.QueryId},", output);
            Assert.Contains("--sex F, --age-min 40, --age-max 80, --modality MR, 2 datasets", output);
            var nodeRow = Row(output, $"Hospital {answering.Id}");
            Assert.Contains("answered", nodeRow);
            Assert.Contains("Laplace noise (ε 1, at most ±5); counts below 10 suppressed", nodeRow);
            Assert.Matches(@"\d+(\.\d)? m?s", nodeRow);
            Assert.Contains("timed-out", Row(output, $"Hospital {silent.Id}"));
            var cells = Row(output, d1.ToString());
            Assert.Matches($@"{answering.Id}\s.+\s37\s+< 10\s+120\s+{d1}", cells);
            Assert.DoesNotContain(d3.ToString(), output);
            Assert.Contains("Totals: subjects 37; studies 0 + 1 suppressed cell; series 120", output);
            var partial = Assert.Single(output.Split('\n'), l => l.StartsWith("PARTIAL:", StringComparison.Ordinal));
            Assert.Contains("1 of 2 nodes answered within", partial);
            Assert.Contains($"{silent.Id} timed out", partial);
            Assert.Contains($"eucaim federation counts show {query.QueryId}", partial);

            // The silent node answers after the time-out: `show` has it, marked late, and the result is whole again.
            await ReadAsync(await silent.AnswerAsync(new CountAnswer(query.QueryId,
                [new DatasetCounts(d3, new PrivateCount(11, false), new PrivateCount(12, false), new PrivateCount(13, false))], Privacy)), HttpStatusCode.Accepted);
            var reread = await Ok(cli, "federation", "counts", "show", query.QueryId.ToString());
            Assert.Contains("answered-late", Row(reread.Output, $"Hospital {silent.Id}"));
            Assert.Matches($@"{silent.Id}\s.+\s11\s+12\s+13\s+{d3}", Row(reread.Output, d3.ToString()));
            Assert.Contains("Totals: subjects 48; studies 12 + 1 suppressed cell; series 133", reread.Output);
            Assert.DoesNotContain("PARTIAL", reread.Output);

            // --json is the API's document as it came.
            var json = Json(await Ok(cli, "federation", "counts", "show", query.QueryId.ToString(), "--json"));
            Assert.Equal(query.QueryId, json.GetProperty("queryId").GetGuid());
            Assert.True(json.GetProperty("complete").GetBoolean());
            Assert.Equal(48, json.GetProperty("totals").GetProperty("subjects").GetProperty("value").GetInt64());
            var studies = json.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("node").GetString() == answering.Id)
                .GetProperty("datasets")[0].GetProperty("studies");
            Assert.True(studies.GetProperty("suppressed").GetBoolean());
            Assert.Equal("< 10", studies.GetProperty("display").GetString());
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(alba, answering, silent);
        }
    }

    [Fact]
    public async Task An_admin_registers_a_node_from_its_key_file_which_then_answers_lists_shows_and_revokes_it()
    {
        var platform = fixture.Platform;
        var d1 = FederatedSeedDatasets[0];
        using var node = await CreateAsync(platform, d1);
        using var cli = new CliUser(ApiUrl);
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(cli, "alba");
        Assert.True(login.ExitCode == 0, login.ToString());
        var keyFile = Path.Combine(cli.ConfigFolder, "node.pub.pem");
        File.WriteAllText(keyFile, node.Key.ExportSubjectPublicKeyInfoPem());
        var revoked = false;
        try
        {
            var registered = await Ok(cli, "federation", "nodes", "register", "--id", node.Id, "--organisation", "Hospital of the CLI test",
                "--public-key-file", keyFile, "--dataset", d1.ToString());
            var line = registered.Output.Trim();
            Assert.StartsWith($"Registered node {node.Id} (Hospital of the CLI test): active, 1 dataset, key fingerprint ", line);
            var shown = Json(await Ok(cli, "federation", "nodes", "show", node.Id, "--json"));
            var fingerprint = shown.GetProperty("fingerprint").GetString()!;
            Assert.EndsWith($"{fingerprint}.", line);
            Assert.Equal([d1], shown.GetProperty("datasets").EnumerateArray().Select(d => d.GetGuid()));

            // The node registered by the tool polls the hub and answers; --json prints the API's answer as it is.
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var answered = node.AnswerNextAsync(id => new DatasetCounts(id, new PrivateCount(25, false), new PrivateCount(30, false), new PrivateCount(90, false)),
                Privacy, patience.Token);
            var counts = Json(await Ok(cli, "federation", "counts", "--dataset", d1.ToString(), "--json"));
            await answered;
            Assert.True(counts.GetProperty("complete").GetBoolean(), counts.GetRawText());
            Assert.Equal(JsonValueKind.Null, counts.GetProperty("note").ValueKind);
            Assert.Equal(node.Id, Assert.Single(counts.GetProperty("nodes").EnumerateArray()).GetProperty("node").GetString());
            Assert.Equal("25", counts.GetProperty("totals").GetProperty("subjects").GetProperty("display").GetString());

            var row = Row((await Ok(cli, "federation", "nodes", "list")).Output, node.Id);
            Assert.Contains("Hospital of the CLI test", row);
            Assert.Contains("active", row);
            Assert.Contains(fingerprint, row);
            Assert.DoesNotContain("never", row);
            var details = (await Ok(cli, "federation", "nodes", "show", node.Id)).Output;
            Assert.Contains(d1.ToString(), details);
            Assert.Contains(fingerprint, details);

            var again = await cli.RunAsync("federation", "nodes", "register", "--id", node.Id, "--organisation", "Hospital of the CLI test",
                "--public-key-file", keyFile, "--dataset", d1.ToString());
            Assert.True(again.ExitCode == RefusedExit, again.ToString());
            Assert.Contains("[HTTP 409", OneLine(again.Error));

            // Revoking cannot be undone: without a terminal it needs --yes.
            var unconfirmed = await cli.RunAsync("federation", "nodes", "revoke", node.Id);
            Assert.True(unconfirmed.ExitCode == UsageExit, unconfirmed.ToString());
            Assert.Contains("--yes", unconfirmed.Error);
            Assert.Equal("active", Json(await Ok(cli, "federation", "nodes", "show", node.Id, "--json")).GetProperty("state").GetString());

            Assert.StartsWith($"Revoked node {node.Id} (Hospital of the CLI test): revoked,", (await Ok(cli, "federation", "nodes", "revoke", node.Id, "--yes")).Output);
            revoked = true;
            var listed = Json(await Ok(cli, "federation", "nodes", "list", "--json")).EnumerateArray().Single(n => n.GetProperty("id").GetString() == node.Id);
            Assert.Equal("revoked", listed.GetProperty("state").GetString());
            var refused = await ReadAsync(await node.PostAsync(FederationLink.PollPath, node.Sign(FederationMessageKinds.Poll, new LinkPoll(1))), HttpStatusCode.Forbidden);
            Assert.Equal("node-revoked", refused.GetProperty("rule").GetString());
        }
        finally
        {
            if (!revoked)
            {
                using var alba = await platform.CreateApiClientForAsync("alba");
                await alba.PostAsync($"/api/federation/nodes/{node.Id}/revoke", null);
            }
        }
    }

    [Fact]
    public async Task Bad_arguments_are_the_apis_400_naming_the_field_a_private_key_is_never_sent_and_researchers_get_403_from_the_registry()
    {
        using var rita = new CliUser(ApiUrl);
        var login = await CliSignInTests.SignInWithDeviceFlowAsync(rita, "rita");
        Assert.True(login.ExitCode == 0, login.ToString());
        foreach (var (args, field) in new (string[], string)[]
        {
            (["--sex", "X"], "sex: "),
            (["--age-min", "60", "--age-max", "40"], "ageMax: "),
            (["--modality", "XRAY"], "modality: "),
            (["--dataset", CentralSeedDataset.ToString()], "datasets: "),
        })
        {
            var refused = await rita.RunAsync(["federation", "counts", .. args]);
            Assert.True(refused.ExitCode == RefusedExit, refused.ToString());
            Assert.Equal("", refused.Output);
            var line = OneLine(refused.Error);
            Assert.Contains(field, line);
            Assert.Contains("[HTTP 400", line);
        }

        var notAGuid = await rita.RunAsync("federation", "counts", "--dataset", "lung");
        Assert.True(notAGuid.ExitCode == UsageExit, notAGuid.ToString());
        Assert.Contains("--dataset: 'lung' is not a dataset id", notAGuid.Error);
        var unknown = await rita.RunAsync("federation", "counts", "show", Guid.NewGuid().ToString());
        Assert.True(unknown.ExitCode == RefusedExit, unknown.ToString());
        Assert.Contains("[HTTP 404", OneLine(unknown.Error));
        var notAdmin = await rita.RunAsync("federation", "nodes", "list");
        Assert.True(notAdmin.ExitCode == RefusedExit, notAdmin.ToString());
        Assert.Contains("[HTTP 403", OneLine(notAdmin.Error));

        using var alba = new CliUser(ApiUrl);
        login = await CliSignInTests.SignInWithDeviceFlowAsync(alba, "alba");
        Assert.True(login.ExitCode == 0, login.ToString());
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var wrongCurve = Path.Combine(alba.ConfigFolder, "p384.pub.pem");
        File.WriteAllText(wrongCurve, key.ExportSubjectPublicKeyInfoPem());
        var id = NewId();
        var bad = await alba.RunAsync("federation", "nodes", "register", "--id", "Not_A_Label", "--organisation", "", "--public-key-file", wrongCurve,
            "--dataset", CentralSeedDataset.ToString());
        Assert.True(bad.ExitCode == RefusedExit, bad.ToString());
        var badLine = OneLine(bad.Error);
        foreach (var field in new[] { "id: ", "organisation: ", "publicKey: ", "datasets: " })
        {
            Assert.Contains(field, badLine);
        }

        // A private key must stay at the hospital: refused before anything is sent.
        var privateKey = Path.Combine(alba.ConfigFolder, "node.pem");
        File.WriteAllText(privateKey, key.ExportPkcs8PrivateKeyPem());
        var leaked = await alba.RunAsync("federation", "nodes", "register", "--id", id, "--organisation", "Hospital", "--public-key-file", privateKey,
            "--dataset", FederatedSeedDatasets[0].ToString());
        Assert.True(leaked.ExitCode == UsageExit, leaked.ToString());
        Assert.Contains("holds a private key", OneLine(leaked.Error));
        var missing = await alba.RunAsync("federation", "nodes", "register", "--id", id, "--organisation", "Hospital", "--public-key-file", Path.Combine(alba.ConfigFolder, "absent.pem"));
        Assert.True(missing.ExitCode == UsageExit, missing.ToString());
        Assert.DoesNotContain(id, Json(await Ok(alba, "federation", "nodes", "list", "--json")).EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        var absent = await alba.RunAsync("federation", "nodes", "show", id);
        Assert.True(absent.ExitCode == RefusedExit, absent.ToString());
        Assert.Contains("[HTTP 404", OneLine(absent.Error));
    }
}
