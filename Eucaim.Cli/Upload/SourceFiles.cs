using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>One file to send: where it is, the name it gets in the upload, and what it was when it was found.</summary>
internal sealed record SourceFile(string FullPath, string Name, long Length, DateTime LastWriteUtc);

/// <summary>
/// What <c>eucaim upload|stow|check</c> were given: folders (walked recursively, hidden files and
/// folders skipped), single files, and zip archives, which are sent as they are.
/// </summary>
internal sealed record SourceFiles(IReadOnlyList<SourceFile> Files, IReadOnlyList<SourceFile> Archives)
{
    public long TotalBytes => Files.Sum(f => f.Length) + Archives.Sum(a => a.Length);

    public static SourceFiles Find(IEnumerable<string> paths, bool archivesAllowed = true)
    {
        var files = new List<SourceFile>();
        var archives = new List<SourceFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given);
            if (Directory.Exists(full))
            {
                var root = new DirectoryInfo(full);
                foreach (var file in Walk(root))
                {
                    // Inside a folder names are relative to it, prefixed by the folder's name, so two folders never collide.
                    Add(files, names, file, $"{root.Name}/{Path.GetRelativePath(root.FullName, file.FullName).Replace('\\', '/')}");
                }
            }
            else if (File.Exists(full))
            {
                var file = new FileInfo(full);
                if (file.Extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    if (!archivesAllowed)
                    {
                        throw new CliException(ExitCodes.Usage, $"{given}: zip archives are sent with `eucaim upload`; give the folder or the files here");
                    }

                    Add(archives, names, file, file.Name);
                }
                else
                {
                    Add(files, names, file, file.Name);
                }
            }
            else
            {
                throw new CliException(ExitCodes.Usage, $"{given}: no such file or folder");
            }
        }

        if (files.Count == 0 && archives.Count == 0)
        {
            throw new CliException(ExitCodes.Usage, "nothing to send: the folders given hold no files");
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new SourceFiles(files, archives);
    }

    private static IEnumerable<FileInfo> Walk(DirectoryInfo folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        return folder.EnumerateFiles("*", options).Where(f => !IsHidden(Path.GetRelativePath(folder.FullName, f.FullName)));
    }

    // Dot files and dot folders (.DS_Store, .git) are not part of a DICOM export; Unix has no hidden attribute for them.
    private static bool IsHidden(string relative) => relative.Split('/', '\\').Any(segment => segment.StartsWith('.'));

    private static void Add(List<SourceFile> into, HashSet<string> names, FileInfo file, string name)
    {
        if (!names.Add(name))
        {
            throw new CliException(ExitCodes.Usage, $"{file.FullName}: another file given is also named {name}; give their folders instead");
        }

        into.Add(new SourceFile(file.FullName, name, file.Length, file.LastWriteTimeUtc));
    }
}
