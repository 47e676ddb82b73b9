using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Config;

/// <summary>
/// The tool's folder: <c>EUCAIM_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/eucaim</c>, else
/// <c>~/.config/eucaim</c> (<c>%APPDATA%\eucaim</c> on Windows). It holds profiles and tokens, so it is
/// the owner's only (0700) and every file in it is written 0600, atomically.
/// </summary>
internal sealed class ConfigFolder
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public ConfigFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static ConfigFolder Of(CliHost host)
    {
        if (host.Environment("EUCAIM_CONFIG_DIR") is { Length: > 0 } own)
        {
            return new ConfigFolder(own);
        }

        if (host.Environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg))
        {
            return new ConfigFolder(System.IO.Path.Combine(xdg, "eucaim"));
        }

        var root = OperatingSystem.IsWindows()
            ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
            : System.IO.Path.Combine(host.Environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ConfigFolder(System.IO.Path.Combine(root, "eucaim"));
    }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string? ReadText(string path) => System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path) : null;

    /// <summary>
    /// Writes a new file beside the old one, born 0600, then renames it over: a reader never sees half
    /// a file, and a token is never readable by others, not even for a moment.
    /// </summary>
    public void WritePrivate(string path, string content)
    {
        EnsureFolder(System.IO.Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        System.IO.File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string path)
    {
        if (System.IO.File.Exists(path))
        {
            System.IO.File.Delete(path);
        }
    }

    private void EnsureFolder(string folder)
    {
        foreach (var level in new[] { Path, folder }.Distinct())
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(level);
                continue;
            }

            if (!Directory.Exists(level))
            {
                Directory.CreateDirectory(level, OwnerOnlyFolder);
            }

            // A folder made by hand (or by an older version) is narrowed too: it holds tokens.
            if (System.IO.File.GetUnixFileMode(level) != OwnerOnlyFolder)
            {
                System.IO.File.SetUnixFileMode(level, OwnerOnlyFolder);
            }
        }
    }
}
