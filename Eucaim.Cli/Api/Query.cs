using System.Text;

namespace Eucaim.Cli.Api;

/// <summary>A relative path with its query string; parameters without a value are left out.</summary>
internal static class Query
{
    public static string Of(string path, params (string Name, string? Value)[] parameters)
    {
        var text = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return text.ToString();
    }

    /// <summary>A path segment taken from the command line (an id, a tenant), escaped.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
