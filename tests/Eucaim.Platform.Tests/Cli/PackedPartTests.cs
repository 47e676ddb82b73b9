using System.IO.Compression;
using Eucaim.Cli.Upload;

namespace Eucaim.Platform.Tests.Cli;

/// <summary>
/// The zip parts <c>eucaim upload</c> packs: readable by any zip reader, their length known before
/// packing (tus needs it at creation), and the same bytes every time (a resumed upload regenerates them).
/// </summary>
public sealed class PackedPartTests
{
    [Fact]
    public async Task A_part_is_a_valid_zip_of_exactly_its_announced_length_and_the_same_bytes_on_every_pack()
    {
        var folder = Directory.CreateTempSubdirectory("eucaim-part-").FullName;
        try
        {
            var series = Path.Combine(folder, "CT série");
            CleanSeries.Write(series, seed: 7, instances: 5, size: 24);
            File.WriteAllBytes(Path.Combine(series, "empty.dcm"), []);
            var sources = SourceFiles.Find([series]);
            var part = UploadPlan.Of(sources, partSize: long.MaxValue).Parts.Single();

            var first = await PackAsync(part);
            var second = await PackAsync(part);
            Assert.Equal(part.Length, first.Length);
            Assert.Equal(first, second);

            using var zip = new ZipArchive(new MemoryStream(first), ZipArchiveMode.Read);
            Assert.Equal(sources.Files.Select(f => f.Name), zip.Entries.Select(e => e.FullName));
            foreach (var (entry, file) in zip.Entries.Zip(sources.Files))
            {
                using var content = new MemoryStream();
                await using (var stream = entry.Open())
                {
                    await stream.CopyToAsync(content);
                }

                Assert.Equal(await File.ReadAllBytesAsync(file.FullPath), content.ToArray());
                Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(content.ToArray()), entry.Crc32);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Files_are_cut_into_parts_of_at_most_the_part_size_in_name_order_and_a_larger_file_gets_a_part_of_its_own()
    {
        var folder = Directory.CreateTempSubdirectory("eucaim-plan-").FullName;
        try
        {
            foreach (var (name, size) in new[] { ("a.dcm", 400), ("b.dcm", 400), ("c.dcm", 3000), ("d.dcm", 400) })
            {
                File.WriteAllBytes(Path.Combine(folder, name), new byte[size]);
            }

            var plan = UploadPlan.Of(SourceFiles.Find([folder]), partSize: 1200);
            Assert.Equal([["a.dcm", "b.dcm"], ["c.dcm"], ["d.dcm"]], plan.Parts.Select(p => p.Packed!.Files.Select(f => Path.GetFileName(f.Name)).ToArray()).ToArray());
            Assert.Equal(["part-0001-of-0003.zip", "part-0002-of-0003.zip", "part-0003-of-0003.zip"], plan.Parts.Select(p => p.Name));
            Assert.Equal(plan.Fingerprint, UploadPlan.Of(SourceFiles.Find([folder]), partSize: 1200).Fingerprint);

            File.SetLastWriteTimeUtc(Path.Combine(folder, "d.dcm"), DateTime.UtcNow.AddDays(-1));
            Assert.NotEqual(plan.Fingerprint, UploadPlan.Of(SourceFiles.Find([folder]), partSize: 1200).Fingerprint);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<byte[]> PackAsync(UploadPart part)
    {
        using var output = new MemoryStream();
        await part.WriteAsync(output, CancellationToken.None);
        return output.ToArray();
    }
}
