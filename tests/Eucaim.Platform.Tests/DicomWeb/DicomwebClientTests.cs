using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Eucaim.Dicom;
using Eucaim.Platform.Tests.Identity;
using Eucaim.Platform.Tests.Ingest;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>
/// The DICOMweb of a dataset as dicomweb-client (npm; the client of OHIF and Slim) sees it: it parses
/// multipart/related bodies, boundaries and transfer-syntax parameters its own way, so a server that only
/// our own tests read could still fail a viewer. tools/dicomweb-client-check drives it; this test compares
/// what came back with the files.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DicomwebClientTests(PlatformFixture fixture)
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";
    private const string ExplicitLittleEndian = "1.2.840.10008.1.2.1";
    private static readonly string Tool = Path.Combine(SeededUsers.RepositoryRoot, "tools", "dicomweb-client-check");

    [Fact]
    public async Task Dicomweb_client_stores_finds_and_reads_metadata_frames_and_instances()
    {
        // One frame CT, 15 frames of 32-bit RT dose in implicit VR, RLE colour with 2 frames next to an
        // uncompressed colour image of odd length in the same series, and a synthetic CT series of 3.
        var seed = Random.Shared.Next(6_000_000, 7_000_000);
        var files = new List<byte[]>
        {
            await File.ReadAllBytesAsync(Corpus + "CT_small.dcm"),
            await File.ReadAllBytesAsync(Corpus + "rtdose.dcm"),
            await File.ReadAllBytesAsync(Corpus + "SC_rgb_rle_2frame.dcm"),
            await File.ReadAllBytesAsync(Corpus + "SC_rgb_small_odd.dcm"),
        };
        files.AddRange(TestArchives.Series(seed, 3, size: 24));
        var expected = files.Select(Describe).ToList();

        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"dicomweb-client {Guid.NewGuid():N}");
        var token = await fixture.Platform.LsLogin().AccessTokenAsync("hugo", "eucaim-cli");
        var summary = await RunCheckAsync(new Uri(hugo.BaseAddress!, $"/dicomweb/datasets/{dataset}").ToString(), token, files);

        var stow = summary.GetProperty("stow");
        Assert.Equal(0, stow.GetProperty("failed").GetInt32());
        Assert.Equal(expected.Select(e => e.Sop).Order(), Strings(stow.GetProperty("referenced")).Order());

        var instances = summary.GetProperty("instances");
        foreach (var file in expected)
        {
            var instance = instances.GetProperty(file.Sop);
            Assert.Equal(file.Study, instance.GetProperty("study").GetString());
            Assert.Equal(file.Series, instance.GetProperty("series").GetString());
            Assert.Equal(file.SopClass, instance.GetProperty("sopClassUid").GetString());
            Assert.Equal(file.TransferSyntax, instance.GetProperty("transferSyntaxUid").GetString());
            Assert.Equal((file.Rows, file.Columns, file.Samples, file.Bits, file.Frames), (
                instance.GetProperty("rows").GetInt32(), instance.GetProperty("columns").GetInt32(), instance.GetProperty("samplesPerPixel").GetInt32(),
                instance.GetProperty("bitsAllocated").GetInt32(), instance.GetProperty("numberOfFrames").GetInt32()));
            Assert.Equal(file.Sha256, instance.GetProperty("retrievedSha256").GetString());

            var asStored = Frames(instance.GetProperty("framesAsStored"));
            if (file.Fragments is null)
            {
                // Uncompressed: every frame is rows × columns × samples × bits / 8 bytes, little endian, as asked
                // by default and with transfer-syntax=*.
                var frameLength = file.Rows * file.Columns * file.Samples * file.Bits / 8;
                Assert.Equal(Enumerable.Repeat((frameLength, "application/octet-stream", ExplicitLittleEndian), file.Frames), Frames(instance.GetProperty("frames")));
                Assert.Equal(Enumerable.Repeat((frameLength, "application/octet-stream", ExplicitLittleEndian), file.Frames), asStored);
                // Native pixel data's BulkDataURI gives one part per frame (docs/dicomweb.md, metadata and bulk data).
                Assert.Equal(Enumerable.Repeat(frameLength, file.Frames), instance.GetProperty("pixelDataBulkParts").EnumerateArray().Select(p => p.GetInt32()));
            }
            else
            {
                // Compressed: each frame is its fragment as stored, labelled with the stored transfer syntax.
                Assert.False(instance.TryGetProperty("frames", out _));
                Assert.Equal(file.Fragments.Select(f => (f, "application/octet-stream", file.TransferSyntax)), asStored);
                Assert.Equal(file.Fragments, instance.GetProperty("pixelDataBulkParts").EnumerateArray().Select(p => p.GetInt32()));
            }
        }

        var studies = summary.GetProperty("studies");
        Assert.Equal(expected.Select(e => e.Study).Distinct().Order(), studies.EnumerateObject().Select(s => s.Name).Order());
        foreach (var group in expected.GroupBy(e => e.Study))
        {
            var study = studies.GetProperty(group.Key);
            Assert.Equal(group.First().PatientId, study.GetProperty("patientId").GetString());
            Assert.Equal(group.Select(e => e.Modality).Distinct().Order(), Strings(study.GetProperty("modalitiesInStudy")).Order());
            Assert.Equal(group.Count(), study.GetProperty("numberOfStudyRelatedInstances").GetInt32());
            Assert.Equal(group.Select(e => e.Series).Distinct().Count(), study.GetProperty("numberOfStudyRelatedSeries").GetInt32());
            Assert.Equal(group.Select(e => e.Series).Distinct().Order(StringComparer.Ordinal), Strings(study.GetProperty("seriesFound")));
            Assert.True(study.GetProperty("foundByPatientIdAndModality").GetBoolean(), $"Study {group.Key} not found by PatientID wildcard and ModalitiesInStudy.");
            Assert.Equal(group.Count(), study.GetProperty("metadataInstances").GetInt32());
        }

        var series = summary.GetProperty("series");
        Assert.Equal(expected.Select(e => e.Series).Distinct().Order(), series.EnumerateObject().Select(s => s.Name).Order());
        foreach (var group in expected.GroupBy(e => e.Series))
        {
            var one = series.GetProperty(group.Key);
            var sops = group.Select(e => e.Sop).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(group.First().Modality, one.GetProperty("modality").GetString());
            Assert.Equal(group.Count(), one.GetProperty("numberOfSeriesRelatedInstances").GetInt32());
            Assert.True(one.GetProperty("foundByModality").GetBoolean(), $"Series {group.Key} not found by Modality.");
            Assert.Equal(sops, Strings(one.GetProperty("instancesFound")));
            Assert.Equal(sops, Strings(one.GetProperty("metadataInstances")));
        }
    }

    /// <summary>Runs check.mjs with the caller's token; a missing node or npm package fails the test with how to install it.</summary>
    private static async Task<JsonElement> RunCheckAsync(string root, string token, IReadOnlyList<byte[]> files)
    {
        Assert.True(File.Exists(Path.Combine(Tool, "node_modules", "dicomweb-client", "package.json")),
            $"dicomweb-client is not installed: run `npm ci` in {Tool} (./dev test does).");
        var directory = Directory.CreateTempSubdirectory("eucaim-dicomweb-client-");
        try
        {
            var paths = new List<string>();
            for (var i = 0; i < files.Count; i++)
            {
                paths.Add(Path.Combine(directory.FullName, $"{i}.dcm"));
                await File.WriteAllBytesAsync(paths[^1], files[i]);
            }

            var start = new ProcessStartInfo("node", [Path.Combine(Tool, "check.mjs"), root, .. paths])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Tool,
                Environment = { ["DICOMWEB_TOKEN"] = token },
            };
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception e)
            {
                Assert.Fail($"node could not be started ({e.Message}): install Node.js (./dev test does).");
                throw;
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, $"check.mjs exited {process.ExitCode}: {await error}");
                return JsonDocument.Parse(await output).RootElement.Clone();
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "(null)").ToList();

    private static List<(int, string, string)> Frames(JsonElement array) => array.EnumerateArray()
        .Select(f => (f.GetProperty("byteLength").GetInt32(), f.GetProperty("contentType").GetString() ?? "(none)", f.GetProperty("transferSyntaxUid").GetString() ?? "(none)"))
        .ToList();

    private static Expected Describe(byte[] file)
    {
        var read = DicomReader.ReadHeader(new MemoryStream(file));
        var d = read.Dataset;
        string Text(DicomTag tag) => d.GetString(tag)!.TrimEnd('\0', ' ');
        int Number(DicomTag tag) => d.GetInt32(tag) ?? throw new InvalidOperationException($"{tag} missing");
        using var reader = new DicomReader(new MemoryStream(file));
        reader.ReadHeader();
        using var pixels = new MemoryStream();
        Assert.True(reader.CopyPixelDataTo(pixels));
        var encapsulated = read.PixelData!.Length is null;
        return new Expected(
            Text(DicomTags.StudyInstanceUid), Text(DicomTags.SeriesInstanceUid), Text(DicomTags.SopInstanceUid), Text(DicomTags.SopClassUid),
            Text(DicomTags.PatientId), Text(DicomTags.Modality), read.TransferSyntax.Uid,
            Number(DicomTags.Rows), Number(DicomTags.Columns), Number(DicomTags.SamplesPerPixel), Number(DicomTags.BitsAllocated),
            d.GetInt32(DicomTags.NumberOfFrames) ?? 1, encapsulated ? FragmentLengths(pixels.ToArray()) : null,
            Convert.ToHexStringLower(SHA256.HashData(file)));
    }

    /// <summary>The lengths of the fragments of encapsulated pixel data (its items after the basic offset table).</summary>
    private static List<int> FragmentLengths(byte[] items)
    {
        var lengths = new List<int>();
        for (var position = 0; position + 8 <= items.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(items.AsSpan(position + 4));
            if (BinaryPrimitives.ReadUInt16LittleEndian(items.AsSpan(position + 2)) == 0xE0DD)
            {
                break;
            }

            lengths.Add(length);
            position += 8 + length;
        }

        return lengths.Skip(1).ToList();
    }

    private sealed record Expected(
        string Study, string Series, string Sop, string SopClass, string PatientId, string Modality, string TransferSyntax,
        int Rows, int Columns, int Samples, int Bits, int Frames, List<int>? Fragments, string Sha256);
}
