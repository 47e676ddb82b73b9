using System.Globalization;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// User + system CPU seconds of processes read from /proc/&lt;pid&gt;/stat, grouped by what they are (Api, Workers,
/// Azurite, PostgreSQL, ...). A process's figure includes its reaped children (cutime, cstime), so the
/// PostgreSQL backends that came and went are counted under the postmaster that forked them.
/// </summary>
internal sealed class CpuTimes
{
    // USER_HZ: the unit of /proc/<pid>/stat times, 100 on every architecture Linux exposes to user space.
    private const double TicksPerSecond = 100;

    private readonly Dictionary<int, (string Group, long Ticks)> _processes;

    private CpuTimes(Dictionary<int, (string Group, long Ticks)> processes) => _processes = processes;

    /// <summary>
    /// Every process of the AppHost that <paramref name="host"/> runs in-process: DCP detaches from its host
    /// (its parent becomes init) but names it (<c>dcp start-apiserver --monitor &lt;host&gt;</c>), and starts every
    /// resource below itself.
    /// </summary>
    public static CpuTimes OfAppHost(int host)
    {
        var parents = new Dictionary<int, int>();
        var roots = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = stat.Parent;
                if (CommandLine(pid) is { } cmdline && cmdline.Contains("start-apiserver", StringComparison.Ordinal)
                    && cmdline.Contains($"--monitor {host} ", StringComparison.Ordinal))
                {
                    roots.Add(pid);
                }
            }
        }

        var result = new Dictionary<int, (string, long)>();
        foreach (var pid in parents.Keys)
        {
            if ((roots.Contains(pid) || IsDescendant(pid, roots, parents)) && Stat(pid) is { } stat && CommandLine(pid) is { } cmdline)
            {
                result[pid] = (Group(cmdline), stat.Ticks);
            }
        }

        return roots.Count > 0 ? new CpuTimes(result) : throw new InvalidOperationException($"No DCP process monitors process {host}: the AppHost's processes cannot be found.");
    }

    /// <summary>One process, under the given group name.</summary>
    public static CpuTimes Of(int pid, string group) =>
        new(Stat(pid) is { } stat ? new Dictionary<int, (string, long)> { [pid] = (group, stat.Ticks) } : []);

    /// <summary>CPU seconds per group spent between <paramref name="before"/> and this snapshot (processes that started in between count from zero).</summary>
    public IReadOnlyDictionary<string, double> Since(CpuTimes before)
    {
        var seconds = new Dictionary<string, double>();
        foreach (var (pid, (group, ticks)) in _processes)
        {
            var earlier = before._processes.TryGetValue(pid, out var b) && b.Group == group ? b.Ticks : 0;
            seconds[group] = seconds.GetValueOrDefault(group) + (ticks - earlier) / TicksPerSecond;
        }

        return seconds;
    }

    private static bool IsDescendant(int pid, HashSet<int> roots, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 64 && parents.TryGetValue(pid, out var parent); depth++)
        {
            if (roots.Contains(parent))
            {
                return true;
            }

            pid = parent;
        }

        return false;
    }

    // What a process is, from its command line. The `dotnet run` launchers name the project file, the
    // applications their own executable; DCP's controllers also run the endpoint proxies.
    private static string Group(string cmdline) => cmdline switch
    {
        _ when cmdline.Contains(".csproj", StringComparison.Ordinal) => "launcher",
        _ when cmdline.Contains("Eucaim.Api", StringComparison.Ordinal) => "Api",
        _ when cmdline.Contains("Eucaim.Workers", StringComparison.Ordinal) => "Workers",
        _ when cmdline.Contains("azurite", StringComparison.OrdinalIgnoreCase) => "Azurite",
        _ when cmdline.Contains("postgres", StringComparison.Ordinal) => "PostgreSQL",
        _ when cmdline.Contains("server.mjs", StringComparison.Ordinal) => "LS Login",
        _ when cmdline.Contains("dcp", StringComparison.Ordinal) => "DCP",
        _ => "other",
    };

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static (int Parent, long Ticks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15) + Field(16) + Field(17));
    }
}
