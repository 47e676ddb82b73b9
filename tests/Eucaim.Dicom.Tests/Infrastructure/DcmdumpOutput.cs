using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Eucaim.Dicom.Tests.Infrastructure;

/// <summary>One element (or item) of a dcmdump listing.</summary>
public sealed class DumpNode
{
    public required DicomTag Tag { get; init; }

    public required string VR { get; init; }

    /// <summary>String values: the text between the brackets, entities decoded, each byte one Latin-1 char. Otherwise the raw print.</summary>
    public required string Value { get; init; }

    public required bool IsString { get; init; }

    public bool IsEmpty { get; init; }

    /// <summary>The value as Latin-1 text: string values as printed, UN/unknown values from their hex bytes; null otherwise.</summary>
    public string? Text => IsString ? Value : VR is "UN" or "??" && !IsEmpty ? HexToLatin1(Value) : null;

    public List<DumpNode> Children { get; } = [];

    public override string ToString() => $"{Tag} {VR} {Value}";

    private static string? HexToLatin1(string hex)
    {
        var parts = hex.Split('\\');
        var chars = new char[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return null;
            }

            chars[i] = (char)b;
        }

        return new string(chars);
    }
}

/// <summary>Parses the output of <c>dcmdump +L -Un +Qn</c>: meta header and dataset as trees of elements and items.</summary>
public sealed partial class DcmdumpOutput
{
    public List<DumpNode> Meta { get; } = [];

    public List<DumpNode> Dataset { get; } = [];

    public static DcmdumpOutput Parse(string text)
    {
        var output = new DcmdumpOutput();
        var target = output.Dataset;
        var stack = new List<(int Depth, DumpNode Node)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal))
            {
                target = output.Meta;
                stack.Clear();
                continue;
            }

            if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
            {
                target = output.Dataset;
                stack.Clear();
                continue;
            }

            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var depth = match.Groups["indent"].Length / 2;
            var tag = new DicomTag(
                ushort.Parse(match.Groups["g"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(match.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            if (tag == DicomTags.ItemDelimitationItem || tag == DicomTags.SequenceDelimitationItem)
            {
                continue;
            }

            var raw = match.Groups["value"].Value.TrimEnd();
            var isString = raw.Length >= 2 && raw[0] == '[' && raw[^1] == ']';
            var node = new DumpNode
            {
                Tag = tag,
                // dcmtk prints its internal "up" (unsigned long offset pointer, DICOMDIR) where the file says UL.
                VR = match.Groups["vr"].Value == "up" ? "UL" : match.Groups["vr"].Value,
                IsString = isString,
                IsEmpty = raw == "(no value available)",
                Value = isString ? Decode(raw[1..^1]) : raw,
            };

            while (stack.Count > 0 && stack[^1].Depth >= depth)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (stack.Count == 0)
            {
                target.Add(node);
            }
            else
            {
                stack[^1].Node.Children.Add(node);
            }

            stack.Add((depth, node));
        }

        return output;
    }

    /// <summary>+Qn writes non-ASCII bytes as numeric entities; mapping each back to one char reproduces the raw bytes as Latin-1.</summary>
    private static string Decode(string value) => WebUtility.HtmlDecode(value);

    [GeneratedRegex(@"^(?<indent> *)\((?<g>[0-9a-f]{4}),(?<e>[0-9a-f]{4})\) (?<vr>\S\S) (?<value>.*?) *# +(?<len>\d+|u/l), *(?<vm>\d+) (?<name>[^#]*)$")]
    private static partial Regex LinePattern();
}
