using System.Security.Cryptography;
using System.Text;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>One tus upload of the plan: files packed into a zip, or an archive the user gave, sent as it is.</summary>
internal sealed record UploadPart(int Index, string Name, long Length, int FileCount, PackedPart? Packed, SourceFile? Archive)
{
    /// <summary>Writes the part's bytes, the same on every call, from the first.</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        if (Packed is not null)
        {
            await Packed.WriteAsync(output, cancellationToken);
            return;
        }

        await using var input = new FileStream(Archive!.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        await input.CopyToAsync(output, 1024 * 1024, cancellationToken);
    }
}

/// <summary>
/// How the files are cut into parts: in name order, a new part whenever the next file would take the
/// part past the part size (a larger file gets a part of its own). Parts are sent in parallel, each a
/// tus upload of one ingest session. The fingerprint covers every name, size and time: a resumed
/// upload goes on only when the files are still the ones the interrupted run was sending.
/// </summary>
internal sealed record UploadPlan(IReadOnlyList<UploadPart> Parts, string Fingerprint)
{
    public long TotalBytes => Parts.Sum(p => p.Length);

    public int FileCount => Parts.Sum(p => p.FileCount);

    public static UploadPlan Of(SourceFiles sources, long partSize)
    {
        var groups = new List<List<SourceFile>>();
        var current = new List<SourceFile>();
        foreach (var file in sources.Files)
        {
            if (current.Count > 0 && (PackedPart.LengthOf([.. current, file]) > partSize || current.Count == PackedPart.MaxEntries))
            {
                groups.Add(current);
                current = [];
            }

            current.Add(file);
            if (PackedPart.LengthOf(current) > PackedPart.MaxLength)
            {
                throw new CliException(ExitCodes.Usage, $"{file.FullPath}: {file.Length} bytes is larger than one upload part can hold (4 GiB)");
            }
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        var count = groups.Count + sources.Archives.Count;
        var parts = new List<UploadPart>();
        foreach (var group in groups)
        {
            var packed = new PackedPart(group);
            parts.Add(new UploadPart(parts.Count, $"part-{parts.Count + 1:D4}-of-{count:D4}.zip", packed.Length, group.Count, packed, null));
        }

        foreach (var archive in sources.Archives)
        {
            parts.Add(new UploadPart(parts.Count, archive.Name, archive.Length, 1, null, archive));
        }

        var fingerprint = new StringBuilder();
        foreach (var part in parts)
        {
            fingerprint.Append(part.Name).Append('\t').Append(part.Length).Append('\n');
            foreach (var file in part.Packed?.Files ?? [part.Archive!])
            {
                fingerprint.Append(file.Name).Append('\t').Append(file.Length).Append('\t').Append(file.LastWriteUtc.Ticks).Append('\n');
            }
        }

        return new UploadPlan(parts, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString()))));
    }
}
