using System.Buffers.Binary;
using System.Diagnostics;
using Eucaim.Dicom.Synthetic;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

/// <summary>
/// Thousands of truncated and mutated corpus files: every one must be answered with findings, never an
/// exception, a hang, or an allocation steered by a length field.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 5000;
    private const int Seed = 20240517;

    /// <summary>A read that stops making progress this long is a hang; this detects hangs, it is not a speed requirement.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public void MutatedAndTruncatedFilesNeverEscapeAsExceptions()
    {
        var corpus = TestCorpus.AllFiles()
            .Where(f => new FileInfo(f).Length < 400_000)
            .Select(File.ReadAllBytes)
            .Where(bytes => DicomReader.Read(new MemoryStream(bytes)).IsDicom)
            .Append(SyntheticCtSeries.CreateFile(rows: 32, columns: 32))
            .ToList();
        Assert.True(corpus.Count > 80, $"only {corpus.Count} corpus files");

        var failures = new List<string>();
        var completed = 0;
        var current = "not started";
        var worker = new Thread(() =>
        {
            var random = new Random(Seed);
            for (var i = 0; i < Iterations; i++)
            {
                var source = corpus[random.Next(corpus.Count)];
                var (mutated, description) = Mutate(source, random);
                current = $"#{i} {description}";
                var failure = Exercise(mutated, exerciseWriters: i % 5 == 0, streaming: i % 7 == 0);
                if (failure is not null)
                {
                    lock (failures)
                    {
                        failures.Add($"{current}: {failure}");
                    }
                }

                Interlocked.Increment(ref completed);
            }
        }) { IsBackground = true };

        worker.Start();
        var lastCount = -1;
        var lastProgress = Stopwatch.StartNew();
        while (!worker.Join(TimeSpan.FromSeconds(1)))
        {
            var now = Volatile.Read(ref completed);
            if (now != lastCount)
            {
                lastCount = now;
                lastProgress.Restart();
            }

            Assert.True(lastProgress.Elapsed < HangLimit, $"no progress for {HangLimit}: hung on {current}");
        }

        Assert.Equal(Iterations, completed);
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
    }

    private static string? Exercise(byte[] input, bool exerciseWriters, bool streaming)
    {
        try
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var report = new DicomIntegrityChecker().Check(streaming ? new NonSeekableStream(new MemoryStream(input)) : new MemoryStream(input));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            // Allocation follows the bytes really present, never a declared length.
            var bound = 16L * input.Length + 16 * 1024 * 1024;
            if (allocated > bound)
            {
                return $"allocated {allocated} bytes reading {input.Length}";
            }

            if (report.Findings.Any(f => f.Code is null || f.Message is null))
            {
                return "a finding without code or message";
            }

            if (exerciseWriters)
            {
                var read = DicomReader.Read(new MemoryStream(input));
                _ = DicomJson.Serialize(read.Dataset);
                _ = new DicomTagExtractor(["PatientWeight", "00431028"]).Extract(read);
                _ = new DeidentificationChecker().Check(read.Dataset);
                using var output = new MemoryStream();
                var result = new DicomDeidentifier(DeidentifierTests.Options()).Deidentify(new MemoryStream(input), output);
                if (result.Succeeded && !DicomReader.Read(new MemoryStream(output.ToArray())).IsComplete)
                {
                    return "de-identification claimed success but its output does not read back";
                }
            }

            return null;
        }
        catch (Exception exception)
        {
            return exception.ToString();
        }
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        switch (random.Next(5))
        {
            case 0:
            {
                var cut = random.Next(bytes.Length);
                return (bytes[..cut], $"truncated at {cut}");
            }

            case 1:
            {
                var flips = random.Next(1, 9);
                for (var k = 0; k < flips; k++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return (bytes, $"{flips} byte flip(s)");
            }

            case 2:
            case 3:
            {
                var positions = LengthFields(bytes);
                if (positions.Count == 0)
                {
                    goto case 1;
                }

                var (offset, size) = positions[random.Next(positions.Count)];
                uint[] hostile = [0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFF0, 0x7FFFFFFF, 0x80000000, (uint)random.Next(), (uint)random.Next(1, 4096) * 2 + 1];
                var value = hostile[random.Next(hostile.Length)];
                if (size == 4)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)(value | 0x8000));
                }

                return (bytes, $"length at {offset} set to {value:X8}");
            }

            default:
            {
                // An item or delimiter tag with an undefined length spliced in somewhere.
                var at = random.Next(bytes.Length);
                byte[] splice = random.Next(2) == 0 ? [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF] : [0xFE, 0xFF, 0xDD, 0xE0, 0x00, 0x00, 0x00, 0x00];
                return ([.. bytes[..at], .. splice, .. bytes[at..]], $"delimiter spliced at {at}");
            }
        }
    }

    /// <summary>Offsets of explicit VR length fields, found by the VR letters that precede them.</summary>
    private static List<(int Offset, int Size)> LengthFields(byte[] bytes)
    {
        var fields = new List<(int, int)>();
        for (var p = 0; p + 12 <= bytes.Length; p += 2)
        {
            var vr = DicomVR.FromCode((ushort)((bytes[p + 4] << 8) | bytes[p + 5]));
            if (!vr.IsKnown || bytes[p] > 0x7F || (bytes[p] & 1) == 1 && bytes[p] != 0x09 && bytes[p] != 0x29)
            {
                continue;
            }

            fields.Add(vr.HasLongLength ? (p + 8, 4) : (p + 6, 2));
        }

        return fields;
    }
}
