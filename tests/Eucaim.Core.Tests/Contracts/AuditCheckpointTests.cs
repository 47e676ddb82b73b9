using System.Security.Cryptography;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Tests.Contracts;

/// <summary>The signed checkpoint the Workers write and the Api's verification reads: it reads back only with the platform key, untouched.</summary>
public sealed class AuditCheckpointTests
{
    private static readonly AuditCheckpoint Checkpoint = new(57, new string('a', 64), new DateTimeOffset(2026, 12, 6, 10, 0, 0, 123, TimeSpan.Zero));

    [Fact]
    public void A_signed_checkpoint_reads_back_with_the_platform_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var read = AuditCheckpoint.Read(Checkpoint.Sign(key, "kid-1"), key, out var problem);

        Assert.Null(problem);
        Assert.Equal(Checkpoint, read);
    }

    [Fact]
    public void A_changed_payload_or_another_key_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jws = Checkpoint.Sign(key, "kid-1");
        var parts = jws.Split('.');
        var shorter = (Checkpoint with { Seq = 40 }).Sign(other, "kid-1").Split('.')[1];

        Assert.Null(AuditCheckpoint.Read(jws, other, out var wrongKey));
        Assert.Contains("signature", wrongKey, StringComparison.Ordinal);
        Assert.Null(AuditCheckpoint.Read($"{parts[0]}.{shorter}.{parts[2]}", key, out var edited));
        Assert.Contains("signature", edited, StringComparison.Ordinal);
        Assert.Null(AuditCheckpoint.Read("not-a-jws", key, out var garbage));
        Assert.NotNull(garbage);
    }

    [Fact]
    public void Checkpoint_names_sort_in_sequence_order()
    {
        var names = new[] { 10L, 9L, 100L, 1L }.Select(BlobLayout.Audit.Checkpoint).Order(StringComparer.Ordinal).ToList();

        Assert.Equal([BlobLayout.Audit.Checkpoint(1), BlobLayout.Audit.Checkpoint(9), BlobLayout.Audit.Checkpoint(10), BlobLayout.Audit.Checkpoint(100)], names);
        Assert.Equal("checkpoints/0000000000000000057.jws", BlobLayout.Audit.Checkpoint(57));
    }
}
