using System.IO.Compression;

namespace Eucaim.Platform.Tests.Ingest;

/// <summary>Zip archives as data holders (and attackers) make them.</summary>
public static class TestArchives
{
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, level);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>An archive whose entry is a Unix symbolic link (mode 0120777) to <paramref name="target"/>.</summary>
    public static byte[] WithSymlink(string name, string target, byte[] regular)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var stream = zip.CreateEntry("ok.dcm").Open())
            {
                stream.Write(regular);
            }

            var link = zip.CreateEntry(name);
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var linkStream = link.Open();
            linkStream.Write(System.Text.Encoding.UTF8.GetBytes(target));
        }

        return buffer.ToArray();
    }

    /// <summary>The synthetic CT series, <paramref name="count"/> instances of <paramref name="size"/>² pixels.</summary>
    public static List<byte[]> Series(int seed, int count, int size = 32) =>
        Enumerable.Range(0, count).Select(i => Eucaim.Dicom.Synthetic.SyntheticCtSeries.CreateFile(seed, i, size, size)).ToList();
}
