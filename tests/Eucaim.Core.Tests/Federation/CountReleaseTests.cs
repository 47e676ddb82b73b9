using System.Security.Cryptography;
using Eucaim.Core.Contracts;
using Eucaim.Core.Federation;

namespace Eucaim.Core.Tests.Federation;

/// <summary>The node's release of counts: keyed, repeatable Laplace noise, clamped, and small cells (a true zero included) never shown.</summary>
public sealed class CountReleaseTests
{
    private static readonly CountPrivacy Policy = new(CountRelease.Mechanism, 1.0, 3, 10);
    private static readonly CountFilters NoFilters = new(null, null, null, null, null, null);
    private static readonly byte[] Key = SHA256.HashData("a node's noise key"u8.ToArray());

    private static string Question(int i, string kind = CountRelease.Subjects) =>
        CountRelease.Question(new Guid(i, 0, 0, new byte[8]), kind, NoFilters with { AgeMin = i % 7 });

    [Fact]
    public void The_same_question_always_gets_the_same_release()
    {
        for (var i = 0; i < 200; i++)
        {
            var first = CountRelease.Release(50 + i, Policy, Key, Question(i));
            var again = CountRelease.Release(50 + i, Policy, Key, Question(i));
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void Different_questions_and_count_kinds_get_different_noise()
    {
        var subjects = Enumerable.Range(0, 500).Select(i => CountRelease.Noise(Policy, Key, Question(i))).ToList();
        var studies = Enumerable.Range(0, 500).Select(i => CountRelease.Noise(Policy, Key, Question(i, CountRelease.Studies))).ToList();

        Assert.True(subjects.Distinct().Count() >= 5, $"noise values seen: {string.Join(",", subjects.Distinct())}");
        // Independent draws agree only by chance (at most about a third of the time for ε = 1).
        Assert.True(subjects.Zip(studies).Count(p => p.First != p.Second) > 200);
    }

    [Fact]
    public void Another_node_key_gives_other_noise()
    {
        var other = SHA256.HashData("another node's noise key"u8.ToArray());

        var differing = Enumerable.Range(0, 500).Count(i => CountRelease.Noise(Policy, Key, Question(i)) != CountRelease.Noise(Policy, other, Question(i)));

        Assert.True(differing > 200);
    }

    [Fact]
    public void A_released_count_is_never_further_than_MaxNoise_from_the_true_count()
    {
        foreach (var policy in new[] { Policy, Policy with { Epsilon = 0.1 }, Policy with { MaxNoise = 0 }, Policy with { Epsilon = 0.05, MaxNoise = 7 } })
        {
            for (var i = 0; i < 2000; i++)
            {
                var trueCount = policy.SmallCellThreshold + i % 40;
                var released = CountRelease.Release(trueCount, policy, Key, Question(i));
                if (!released.Suppressed)
                {
                    Assert.NotNull(released.Value);
                    Assert.InRange(released.Value!.Value, trueCount - policy.MaxNoise, trueCount + policy.MaxNoise);
                    Assert.True(released.Value >= policy.SmallCellThreshold);
                }
                else
                {
                    Assert.Null(released.Value);
                }
            }
        }
    }

    [Fact]
    public void A_true_zero_and_every_count_below_the_threshold_are_suppressed()
    {
        for (var i = 0; i < 2000; i++)
        {
            var trueCount = i % Policy.SmallCellThreshold;
            var released = CountRelease.Release(trueCount, Policy, Key, Question(i));
            Assert.True(released.Suppressed, $"true {trueCount} released as {released.Value}");
            Assert.Null(released.Value);
        }
    }

    [Fact]
    public void A_count_at_the_threshold_that_noise_takes_below_it_is_suppressed_and_one_it_keeps_is_shown()
    {
        var below = 0;
        var shown = 0;
        for (var i = 0; i < 500; i++)
        {
            var noise = CountRelease.Noise(Policy, Key, Question(i));
            var released = CountRelease.Release(Policy.SmallCellThreshold, Policy, Key, Question(i));
            if (noise < 0)
            {
                below++;
                Assert.True(released.Suppressed);
            }
            else
            {
                shown++;
                Assert.Equal(Policy.SmallCellThreshold + noise, released.Value);
            }
        }

        Assert.True(below > 0 && shown > 0);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void The_noise_is_Laplace_with_scale_one_over_epsilon(double epsilon)
    {
        // A clamp far out of reach, to see the distribution itself: E|round(X)| of Laplace(b) is close to b
        // (0.96 for b = 1), and the noise is symmetric about zero.
        var policy = Policy with { Epsilon = epsilon, MaxNoise = 1000 };
        var noise = Enumerable.Range(0, 20_000).Select(i => (double)CountRelease.Noise(policy, Key, Question(i))).ToList();

        var scale = 1 / epsilon;
        Assert.InRange(noise.Average(Math.Abs), 0.8 * scale, 1.15 * scale);
        Assert.InRange(noise.Average(), -0.1 * scale, 0.1 * scale);
        // Laplace's tail: P(|round(X)| >= k) = P(|X| >= k - 0.5) = e^(-(k - 0.5)/b), checked out to three scales.
        for (var k = 1; k <= Math.Max(2, (int)Math.Round(3 * scale)); k++)
        {
            var expected = Math.Exp(-(k - 0.5) / scale);
            var seen = noise.Count(n => Math.Abs(n) >= k) / (double)noise.Count;
            Assert.InRange(seen, 0.8 * expected, 1.2 * expected);
        }
    }

    [Fact]
    public void The_clamp_holds_the_noise_to_MaxNoise()
    {
        var policy = Policy with { Epsilon = 0.01, MaxNoise = 3 };

        var noise = Enumerable.Range(0, 1000).Select(i => CountRelease.Noise(policy, Key, Question(i))).ToList();

        Assert.All(noise, n => Assert.InRange(n, -3, 3));
        Assert.Contains(3, noise);
        Assert.Contains(-3, noise);
    }

    [Fact]
    public void The_question_is_canonical_in_its_filters_and_names_the_count_kind()
    {
        var dataset = Guid.NewGuid();
        var a = CountRelease.Question(dataset, CountRelease.Series, new CountFilters("f", 40, 60, "mr ", " Prostate", "siemens"));
        var b = CountRelease.Question(dataset, CountRelease.Series, new CountFilters("F", 40, 60, "MR", "PROSTATE", "SIEMENS"));

        Assert.Equal(a, b);
        Assert.NotEqual(a, CountRelease.Question(dataset, CountRelease.Studies, new CountFilters("F", 40, 60, "MR", "PROSTATE", "SIEMENS")));
        Assert.NotEqual(a, CountRelease.Question(Guid.NewGuid(), CountRelease.Series, new CountFilters("F", 40, 60, "MR", "PROSTATE", "SIEMENS")));
        Assert.NotEqual(a, CountRelease.Question(dataset, CountRelease.Series, new CountFilters("F", 40, 61, "MR", "PROSTATE", "SIEMENS")));
        Assert.NotEqual(
            CountRelease.Question(dataset, CountRelease.Series, NoFilters with { AgeMin = 4, AgeMax = null }),
            CountRelease.Question(dataset, CountRelease.Series, NoFilters with { AgeMin = null, AgeMax = 4 }));
        Assert.Equal(CountRelease.Question(dataset, CountRelease.Series, NoFilters), CountRelease.Question(dataset, CountRelease.Series, NoFilters with { Modality = "  " }));
    }

    [Fact]
    public void The_noise_key_derives_from_the_node_key_alone()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var same = ECDsa.Create();
        same.ImportFromPem(key.ExportPkcs8PrivateKeyPem());
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Equal(CountRelease.NoiseKey(key), CountRelease.NoiseKey(same));
        Assert.NotEqual(CountRelease.NoiseKey(key), CountRelease.NoiseKey(other));
        Assert.Equal(32, CountRelease.NoiseKey(key).Length);
    }

    [Fact]
    public void A_dataset_release_gives_each_count_its_own_question()
    {
        var counts = new LocalCounts(Guid.NewGuid(), 120, 130, 140);
        var filters = NoFilters with { Modality = "CT" };

        var released = CountRelease.Release(counts, filters, Policy, Key);

        Assert.Equal(counts.DatasetId, released.DatasetId);
        Assert.Equal(CountRelease.Release(120, Policy, Key, CountRelease.Question(counts.DatasetId, CountRelease.Subjects, filters)), released.Subjects);
        Assert.Equal(CountRelease.Release(130, Policy, Key, CountRelease.Question(counts.DatasetId, CountRelease.Studies, filters)), released.Studies);
        Assert.Equal(CountRelease.Release(140, Policy, Key, CountRelease.Question(counts.DatasetId, CountRelease.Series, filters)), released.Series);
    }
}
