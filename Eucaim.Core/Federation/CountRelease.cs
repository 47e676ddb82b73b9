using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Eucaim.Core.Contracts;

namespace Eucaim.Core.Federation;

/// <summary>
/// How a node releases a count to the hub: Laplace noise of scale 1/ε, cut at ±MaxNoise and rounded,
/// then small-cell suppression. The noise is drawn from HMAC-SHA256(noise key, question), so the same
/// question always gets the same noise (asking again does not average it away) while different
/// questions, including the three counts of one dataset, get independent noise.
/// </summary>
public static class CountRelease
{
    public const string Mechanism = "laplace";

    public const string Subjects = "subjects";
    public const string Studies = "studies";
    public const string Series = "series";

    private static readonly byte[] NoisePurpose = Encoding.ASCII.GetBytes("eucaim-federation-count-noise-v1");

    /// <summary>
    /// The released value of <paramref name="trueCount"/>. Suppressed (no value) when the true count is below
    /// the threshold — a true zero included, so "none" never shows — or when the noise takes it below.
    /// </summary>
    public static PrivateCount Release(int trueCount, CountPrivacy policy, byte[] noiseKey, string question)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trueCount);
        ArgumentNullException.ThrowIfNull(policy);
        var released = Math.Max(0, trueCount + Noise(policy, noiseKey, question));
        return trueCount < policy.SmallCellThreshold || released < policy.SmallCellThreshold
            ? new PrivateCount(null, Suppressed: true)
            : new PrivateCount(released, Suppressed: false);
    }

    /// <summary>The rounded, clamped Laplace noise of one question (inverse CDF of a uniform from the keyed hash).</summary>
    public static int Noise(CountPrivacy policy, byte[] noiseKey, string question)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(noiseKey);
        var hash = HMACSHA256.HashData(noiseKey, Encoding.UTF8.GetBytes(question));
        // 53 bits give a double in (0, 1) exactly; the half step keeps it off both ends, where the inverse CDF is infinite.
        var bits = BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11;
        var u = (bits + 0.5) / (1UL << 53) - 0.5;
        var scale = 1.0 / policy.Epsilon;
        var laplace = -scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
        var clamped = Math.Clamp(laplace, -policy.MaxNoise, policy.MaxNoise);
        return (int)Math.Round(clamped, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The canonical text of one count of one dataset under filters: the same question always reads the same
    /// (filters trimmed and upper-cased as the index compares them, absent ones written as <c>*</c>).
    /// </summary>
    public static string Question(Guid datasetId, string countKind, CountFilters filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        return string.Join('|',
            datasetId.ToString("D"),
            countKind,
            $"sex={Text(filters.Sex)}",
            $"age={Number(filters.AgeMin)}-{Number(filters.AgeMax)}",
            $"modality={Text(filters.Modality)}",
            $"body={Text(filters.BodyPart)}",
            $"manufacturer={Text(filters.Manufacturer)}");

        static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "*" : Uri.EscapeDataString(value.Trim().ToUpperInvariant());

        static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "*";
    }

    /// <summary>
    /// The node's noise key, derived from its federation private key (SHA-256 over a purpose label and the
    /// PKCS#8 bytes): no further secret to manage, and unknown to anyone who does not hold the node's key.
    /// </summary>
    public static byte[] NoiseKey(ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var pkcs8 = privateKey.ExportPkcs8PrivateKey();
        try
        {
            return SHA256.HashData([.. NoisePurpose, .. pkcs8]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The private counts of one dataset.</summary>
    public static DatasetCounts Release(LocalCounts counts, CountFilters filters, CountPrivacy policy, byte[] noiseKey)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new DatasetCounts(
            counts.DatasetId,
            Release(counts.Subjects, policy, noiseKey, Question(counts.DatasetId, Subjects, filters)),
            Release(counts.Studies, policy, noiseKey, Question(counts.DatasetId, Studies, filters)),
            Release(counts.Series, policy, noiseKey, Question(counts.DatasetId, Series, filters)));
    }
}
