using Eucaim.Core.Audit;

namespace Eucaim.Core.Tests.Audit;

public sealed class AuditCanonicalFormTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);

    private static AuditEntry Entry => new(AuditActions.GrantRevoked, "kai")
    {
        TenantSlug = "tenant-a",
        DatasetId = Guid.Parse("0193a0de-0000-7000-8000-000000000001"),
        TargetType = "grant",
        TargetId = "g-1",
        ClientAddress = "10.0.0.7",
        Details = new Dictionary<string, string?> { ["reason"] = "Project ended.", ["after"] = null },
    };

    [Fact]
    public void The_canonical_json_has_a_fixed_order_utc_microseconds_and_sorted_details()
    {
        var record = AuditChain.ToRecord(Entry, 7, At, AuditCanonicalForm.GenesisHash);

        Assert.Equal(
            """{"seq":7,"at":"2026-12-04T12:00:00.123456Z","actor":"kai","action":"grant.revoked","outcome":"success","tenant":"tenant-a","dataset":"0193a0de-0000-7000-8000-000000000001","targetType":"grant","targetId":"g-1","client":"10.0.0.7","details":{"after":null,"reason":"Project ended."}}""",
            AuditCanonicalForm.Json(record));
    }

    [Fact]
    public void Absent_values_are_null_and_details_an_empty_object()
    {
        var record = AuditChain.ToRecord(new AuditEntry("audit.verified", "alba"), 1, At, AuditCanonicalForm.GenesisHash);

        Assert.Contains("\"tenant\":null,\"dataset\":null,\"targetType\":null,\"targetId\":null,\"client\":null,\"details\":{}", AuditCanonicalForm.Json(record));
    }

    [Fact]
    public void An_entry_is_chained_to_the_hash_before_it_and_its_hash_can_be_recomputed()
    {
        var first = AuditChain.ToRecord(Entry, 1, At, AuditCanonicalForm.GenesisHash);
        var second = AuditChain.ToRecord(Entry, 2, At, first.Hash);

        Assert.Equal(new string('0', 64), first.PrevHash);
        Assert.Equal(first.Hash, second.PrevHash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
        Assert.Equal(first.Hash, AuditCanonicalForm.Hash(first));
        Assert.Equal(AuditCanonicalForm.Hash(first.PrevHash, AuditCanonicalForm.Json(first)), first.Hash);
        Assert.NotEqual(first.Hash, second.Hash);
    }

    [Fact]
    public void Any_change_to_a_stored_entry_changes_its_hash()
    {
        var record = AuditChain.ToRecord(Entry, 1, At, AuditCanonicalForm.GenesisHash);
        var stored = record.Hash;

        record.Actor = "mallory";
        Assert.NotEqual(stored, AuditCanonicalForm.Hash(record));
        record.Actor = "kai";
        record.Details = """{"reason":"Project ended early.","after":null}""";
        Assert.NotEqual(stored, AuditCanonicalForm.Hash(record));
        record.Details = """{"reason":"Project ended.","after":null}""";
        Assert.Equal(stored, AuditCanonicalForm.Hash(record));
    }

    [Fact]
    public void A_detail_that_is_not_a_string_never_hashes_like_the_string_it_imitates()
    {
        var record = AuditChain.ToRecord(new AuditEntry("x.y", "kai") { Details = new Dictionary<string, string?> { ["n"] = "1" } }, 1, At, AuditCanonicalForm.GenesisHash);
        var asString = AuditCanonicalForm.Hash(record);

        record.Details = """{"n":1}""";

        Assert.NotEqual(asString, AuditCanonicalForm.Hash(record));
        Assert.Equal("1", AuditCanonicalForm.ParseDetails(record.Details)["n"]);
    }

    [Fact]
    public void Details_are_stored_sorted_cut_to_length_and_read_back()
    {
        var json = AuditCanonicalForm.DetailsJson(new Dictionary<string, string?>
        {
            ["b"] = new string('x', AuditCanonicalForm.MaxDetailLength + 10),
            ["a"] = null,
        });

        Assert.StartsWith("""{"a":null,"b":"xxx""", json);
        var read = AuditCanonicalForm.ParseDetails(json);
        Assert.Null(read["a"]);
        Assert.Equal(AuditCanonicalForm.MaxDetailLength, read["b"]!.Length);
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_as_postgresql_stores_them()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560), AuditCanonicalForm.Truncate(At));
    }

    [Fact]
    public void Long_fields_are_cut_and_an_entry_without_actor_is_refused()
    {
        var record = AuditChain.ToRecord(new AuditEntry("x.y", new string('a', 300)) { TenantSlug = new string('t', 100) }, 1, At, AuditCanonicalForm.GenesisHash);

        Assert.Equal(AuditCanonicalForm.MaxActorLength, record.Actor.Length);
        Assert.Equal(63, record.TenantSlug!.Length);
        Assert.Throws<ArgumentException>(() => AuditChain.ToRecord(new AuditEntry("x.y", " "), 1, At, AuditCanonicalForm.GenesisHash));
    }
}
