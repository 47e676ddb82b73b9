using System.IO.Compression;
using System.Text;
using Eucaim.Workers.Ingest;

namespace Eucaim.Tenants.Tests.Ingest;

/// <summary>
/// The ingest keeps a deflated archive entry as the archive held it: where its bytes are must be read exactly as the
/// archive reader reads them, and a damaged entry must be refused, never stored.
/// </summary>
public sealed class ZipEntryDataTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"eucaim-zip-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Each_deflated_entry_read_where_its_record_says_inflates_to_the_entry()
    {
        var files = Enumerable.Range(0, 5).Select(i => ($"series/{i}.dcm", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"instance {i} ", 2000 + i))))).ToList();
        Write([.. files, ("stored.bin", Encoding.ASCII.GetBytes("kept as is"))], name => name == "stored.bin" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);

        using var archive = ZipInspection.Open(_path);
        using var handle = File.OpenHandle(_path);
        var records = ZipEntryData.Locate(handle, archive);

        Assert.NotNull(records);
        Assert.Equal(6, records.Count);
        for (var i = 0; i < files.Count; i++)
        {
            Assert.True(records[i].IsDeflated);
            Assert.True(records[i].CompressedLength < files[i].Item2.Length);
            var deflated = ZipEntryData.ReadStored(handle, records[i]);
            Assert.NotNull(deflated);
            Assert.Equal(files[i].Item2, ZipInspection.Inflate(deflated, records[i], CancellationToken.None)?.Content);
        }

        Assert.False(records[5].IsDeflated);
    }

    [Fact]
    public void A_damaged_entry_is_refused()
    {
        var content = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 3000).Select(i => $"{i};")));
        Write([("damaged.dcm", content)], _ => CompressionLevel.Optimal);
        using var archive = ZipInspection.Open(_path);
        using var handle = File.OpenHandle(_path);
        var record = Assert.Single(ZipEntryData.Locate(handle, archive)!);
        var deflated = ZipEntryData.ReadStored(handle, record)!;

        // A flipped bit in the deflate stream inflates to something else, or nothing: either way not stored.
        deflated[deflated.Length / 2] ^= 0x10;
        Assert.Null(ZipInspection.Inflate(deflated, record, CancellationToken.None));
        // A record claiming another CRC-32 (a damaged central directory) is refused too.
        Assert.Null(ZipInspection.Inflate(ZipEntryData.ReadStored(handle, record)!, record with { Crc32 = record.Crc32 ^ 1 }, CancellationToken.None));
    }

    [Fact]
    public void An_archive_with_more_entries_than_the_classic_directory_counts_is_read_from_its_zip64_directory()
    {
        const int count = ushort.MaxValue + 2;
        Write(Enumerable.Range(0, count).Select(i => ($"f/{i}.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"{i} ", 40))))).ToList(), _ => CompressionLevel.Fastest);

        using var archive = ZipInspection.Open(_path);
        using var handle = File.OpenHandle(_path);
        var records = ZipEntryData.Locate(handle, archive);

        Assert.NotNull(records);
        Assert.Equal(count, records.Count);
        var last = ZipInspection.Inflate(ZipEntryData.ReadStored(handle, records[^1])!, records[^1], CancellationToken.None);
        Assert.Equal(string.Concat(Enumerable.Repeat($"{count - 1} ", 40)), Encoding.ASCII.GetString(last!.Value.Content));
    }

    private void Write(IReadOnlyList<(string Name, byte[] Content)> files, Func<string, CompressionLevel> level)
    {
        using var zip = ZipFile.Open(_path, ZipArchiveMode.Create);
        foreach (var (name, content) in files)
        {
            using var entry = zip.CreateEntry(name, level(name)).Open();
            entry.Write(content);
        }
    }
}
