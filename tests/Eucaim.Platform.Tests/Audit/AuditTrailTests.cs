using System.Net;
using System.Text.Json;
using Eucaim.Platform.Tests.Access;
using Eucaim.Platform.Tests.Tenants;
using Npgsql;
using static Eucaim.Platform.Tests.Access.AccessTestApi;

namespace Eucaim.Platform.Tests.Audit;

/// <summary>
/// The audit trail is hash-chained and append-only in PostgreSQL itself: an edit by a superuser is
/// found by verification (exactly that entry); the services' role is refused the edit outright.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditTrailTests(PlatformFixture fixture)
{
    private PlatformRun Platform => fixture.Platform;

    [Fact]
    public async Task A_superuser_edit_is_reported_exactly_and_the_service_role_is_refused()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        using var anonymous = Platform.CreateApiClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/grants")).StatusCode);
        var entry = (await ReadAsync(await alba.GetAsync("/api/audit?action=authorization.failed&actor=anonymous&limit=1"), HttpStatusCode.OK))
            .GetProperty("entries")[0];
        var seq = entry.GetProperty("seq").GetInt64();
        var actor = entry.GetProperty("actor").GetString();
        Assert.Equal("GET /api/grants", entry.GetProperty("targetId").GetString());
        Assert.Equal("denied", entry.GetProperty("outcome").GetString());
        Assert.True((await VerifyAsync(alba)).GetProperty("intact").GetBoolean());

        await using var service = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim-service"));
        await service.OpenAsync();
        foreach (var sql in new[] { $"UPDATE audit_entries SET actor = 'mallory' WHERE seq = {seq}", $"DELETE FROM audit_entries WHERE seq = {seq}", "TRUNCATE audit_entries" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(service, sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        await using var owner = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await owner.OpenAsync();
        Assert.Equal(1, await Execute(owner, $"UPDATE audit_entries SET actor = 'mallory' WHERE seq = {seq}"));
        try
        {
            var broken = await VerifyAsync(alba);
            Assert.False(broken.GetProperty("intact").GetBoolean());
            Assert.Equal(seq, broken.GetProperty("firstBroken").GetProperty("seq").GetInt64());
            Assert.Equal(seq, Assert.Single(broken.GetProperty("breaks").EnumerateArray()).GetProperty("seq").GetInt64());
        }
        finally
        {
            await using var restore = new NpgsqlCommand("UPDATE audit_entries SET actor = @actor WHERE seq = @seq", owner);
            restore.Parameters.AddWithValue("actor", actor!);
            restore.Parameters.AddWithValue("seq", seq);
            await restore.ExecuteNonQueryAsync();
        }

        Assert.True((await VerifyAsync(alba)).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task The_services_connect_as_the_restricted_role_which_can_use_every_table_but_not_change_the_schema()
    {
        await using var service = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim-service"));
        await service.OpenAsync();
        Assert.Equal("eucaim_service", await Scalar<string>(service, "SELECT current_user"));
        Assert.True(await Scalar<bool>(service, "SELECT pg_try_advisory_xact_lock(42)"));
        await Execute(service, "NOTIFY grant_ended, 'probe'");
        var created = await Assert.ThrowsAsync<PostgresException>(() => Execute(service, "CREATE TABLE sneaky (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, created.SqlState);
        var history = await Assert.ThrowsAsync<PostgresException>(() => Execute(service, "DELETE FROM \"__EFMigrationsHistory\""));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, history.SqlState);

        // Api and Workers hold connections as that role.
        await using var owner = new NpgsqlConnection(await Platform.ConnectionStringAsync("eucaim"));
        await owner.OpenAsync();
        Assert.True(await Scalar<bool>(owner, "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE usename = 'eucaim_service' AND pid <> pg_backend_pid())"));

        // Every table the migrations made is writable by the service role, except the audit trail (insert only).
        var missing = await Scalar<string>(owner, """
            SELECT coalesce(string_agg(tablename, ', '), '') FROM pg_tables
            WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' AND (
                NOT has_table_privilege('eucaim_service', format('%I.%I', schemaname, tablename), 'SELECT, INSERT')
                OR (tablename <> 'audit_entries' AND NOT has_table_privilege('eucaim_service', format('%I.%I', schemaname, tablename), 'UPDATE, DELETE'))
                OR (tablename = 'audit_entries' AND has_table_privilege('eucaim_service', format('%I.%I', schemaname, tablename), 'UPDATE')))
            """);
        Assert.Equal("", missing);

        // A table that a later migration creates is usable by the service role without another grant.
        await Execute(owner, "CREATE TABLE later_migration_probe (id int PRIMARY KEY, note text)");
        try
        {
            Assert.Equal(1, await Execute(service, "INSERT INTO later_migration_probe VALUES (1, 'written by the service role')"));
            Assert.Equal(1, await Execute(service, "UPDATE later_migration_probe SET note = 'changed' WHERE id = 1"));
        }
        finally
        {
            await Execute(owner, "DROP TABLE later_migration_probe");
        }
    }

    [Fact]
    public async Task Concurrent_appends_from_many_connections_keep_one_unbroken_chain()
    {
        using var alba = await Platform.CreateApiClientForAsync("alba");
        using var anonymous = Platform.CreateApiClient();
        var before = (await ReadAsync(await alba.GetAsync("/api/audit?limit=1"), HttpStatusCode.OK)).GetProperty("entries")[0].GetProperty("seq").GetInt64();
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => anonymous.GetAsync($"/api/access-requests?probe={i}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));

        var page = await ReadAsync(await alba.GetAsync("/api/audit?action=authorization.failed&limit=200"), HttpStatusCode.OK);
        var mine = page.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("seq").GetInt64() > before && e.GetProperty("targetId").GetString() == "GET /api/access-requests").ToList();
        Assert.Equal(40, mine.Count);
        Assert.Equal(40, mine.Select(e => e.GetProperty("seq").GetInt64()).Distinct().Count());
        var verification = await VerifyAsync(alba);
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.GetRawText());
        Assert.True(verification.GetProperty("checked").GetInt64() >= before + 40);
    }

    [Fact]
    public async Task A_data_holder_reads_the_access_history_of_their_dataset_and_admins_filter_the_log()
    {
        await using var scenario = await AccessScenario.StartAsync(fixture, "tenant-a");
        var alba = await scenario.UserAsync("alba");
        var hugo = await scenario.UserAsync("hugo");
        var clara = await scenario.UserAsync("clara");
        var rita = await scenario.UserAsync("rita");
        var rob = await scenario.UserAsync("rob");
        var dataset = await scenario.PublishAsync("Audited cohort");
        var (request, grant) = await scenario.GrantedAsync("tenant-a", 10, dataset);
        await ReadAsync(await rob.GetAsync($"/api/access-requests/{request}"), HttpStatusCode.NotFound);

        var history = await ReadAsync(await hugo.GetAsync($"/api/datasets/{dataset}/access-history"), HttpStatusCode.OK);
        var actions = history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
        Assert.Contains("dataset.created", actions);
        Assert.Contains("dataset.published", actions);
        Assert.Contains("dataset.access-policy-changed", actions);
        Assert.Contains("access-request.decided", actions);
        Assert.Contains("grant.created", actions);
        await ReadAsync(await clara.GetAsync($"/api/datasets/{dataset}/access-history"), HttpStatusCode.Forbidden);
        await ReadAsync(await rita.GetAsync($"/api/datasets/{dataset}/access-history"), HttpStatusCode.Forbidden);
        await ReadAsync(await rita.GetAsync("/api/audit"), HttpStatusCode.Forbidden);
        // The access committee answers for who got access to what: it reads the trail and a dataset's history.
        var kai = await scenario.UserAsync("kai");
        var decided = await ReadAsync(await kai.GetAsync($"/api/audit?action=access-request.&dataset={dataset}"), HttpStatusCode.OK);
        Assert.Contains(decided.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "access-request.decided");
        Assert.Contains("grant.created", (await ReadAsync(await kai.GetAsync($"/api/datasets/{dataset}/access-history"), HttpStatusCode.OK))
            .GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));

        var grants = await ReadAsync(await alba.GetAsync($"/api/audit?action=grant.&dataset={dataset}"), HttpStatusCode.OK);
        var created = Assert.Single(grants.GetProperty("entries").EnumerateArray());
        Assert.Equal(grant.ToString(), created.GetProperty("targetId").GetString());
        Assert.Equal("tenant-a", created.GetProperty("tenant").GetString());

        // rob's look at tenant-a's request is on record as a refusal, though he only saw "not found";
        // refusals are folded into the chain once their window has closed. Other tests' probes by rob on
        // the same route in the same window share the entry, so his request is one of its targets.
        await AuditLog.WaitForAsync(alba, $"action=authorization.failed&actor={Identity.SeededUsers.Subject("rob")}&limit=50",
            e => e.GetProperty("details").TryGetProperty("targets", out var targets)
                && targets.GetString()!.Split("; ").Contains($"access request {request}"),
            found => found.Count == 1);
        await ReadAsync(await alba.GetAsync("/api/audit?from=2030-01-01T00:00:00Z&to=2029-01-01T00:00:00Z"), HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient admin) =>
        await ReadAsync(await admin.GetAsync("/api/audit/verify"), HttpStatusCode.OK);

    private static async Task<int> Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
