using System.ComponentModel;
using System.Diagnostics;

namespace Eucaim.Cli.Platform;

/// <summary>Starts the desktop's browser, where there is one (none over SSH: the URL is printed anyway).</summary>
internal static class SystemBrowser
{
    public static bool TryOpen(Uri url)
    {
        var (file, arguments) = OperatingSystem.IsWindows() ? ("rundll32", new[] { "url.dll,FileProtocolHandler", url.AbsoluteUri })
            : OperatingSystem.IsMacOS() ? ("open", [url.AbsoluteUri])
            : ("xdg-open", [url.AbsoluteUri]);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            return process is not null;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
