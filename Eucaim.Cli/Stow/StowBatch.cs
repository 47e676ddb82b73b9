using Eucaim.Cli.Upload;

namespace Eucaim.Cli.Stow;

/// <summary>The files of one STOW-RS request.</summary>
internal sealed record StowBatch(int Index, IReadOnlyList<SourceFile> Files)
{
    public long Bytes => Files.Sum(f => f.Length);

    /// <summary>
    /// Files in name order (a series' instances travel together) cut into requests of at most
    /// <paramref name="instances"/> files and <paramref name="bytes"/> bytes; a file larger than that goes alone.
    /// </summary>
    public static IReadOnlyList<StowBatch> Plan(IEnumerable<SourceFile> files, int instances, long bytes)
    {
        var batches = new List<StowBatch>();
        var current = new List<SourceFile>();
        long size = 0;
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (current.Count > 0 && (current.Count == instances || size + file.Length > bytes))
            {
                batches.Add(new StowBatch(batches.Count, current));
                current = [];
                size = 0;
            }

            current.Add(file);
            size += file.Length;
        }

        if (current.Count > 0)
        {
            batches.Add(new StowBatch(batches.Count, current));
        }

        return batches;
    }
}
