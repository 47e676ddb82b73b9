using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Eucaim.Platform.Tests.DicomWeb;

/// <summary>
/// Compares a PS3.19 document the platform served with dcmtk's <c>dcm2xml --native-format</c> of the same file,
/// attribute by attribute through every sequence item: tag, VR, private creator and values (text as is, DS, FL and
/// FD as numbers, person names by component, inline binary by its bytes). What the platform deliberately writes
/// differently is not a difference: BulkData in place of a binary value, trailing padding, and the attributes it
/// adds (the <c>added</c> tags at the top level).
/// </summary>
internal static class NativeModelComparison
{
    private static readonly XNamespace Ns = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

    /// <summary>Data Set Trailing Padding (FFFC,FFFC) carries nothing, and whether either side lists it depends on how far it read.</summary>
    private const string TrailingPadding = "FFFCFFFC";

    /// <summary>dcm2xml's document of <paramref name="file"/>, binary values as base64 (its XML declaration names the character encoding).</summary>
    public static XElement Dcm2Xml(string file)
    {
        var start = new ProcessStartInfo("/usr/bin/dcm2xml") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--native-format", "+Xn", "+Eb", file })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dcm2xml {file} exited {process.ExitCode}: {error.Result}");
        output.Position = 0;
        return XDocument.Load(output, LoadOptions.PreserveWhitespace).Root!;
    }

    /// <summary>Every difference, one line each, with the path of tags and items where it is.</summary>
    public static List<string> Differences(XElement expected, XElement actual, IReadOnlySet<string> added)
    {
        var differences = new List<string>();
        Compare(expected, actual, "", added, differences);
        return differences;
    }

    private static void Compare(XElement expected, XElement actual, string path, IReadOnlySet<string> added, List<string> differences)
    {
        var theirs = expected.Elements(Ns + "DicomAttribute")
            .Where(a => Tag(a) is var t && !t.StartsWith("0002", StringComparison.Ordinal) && (!t.EndsWith("0000", StringComparison.Ordinal) || a.Attribute("privateCreator") is not null) && t != TrailingPadding)
            .ToList();
        var ours = actual.Elements(Ns + "DicomAttribute").Where(a => Tag(a) != TrailingPadding && !(path.Length == 0 && added.Contains(Tag(a)))).ToList();
        var theirTags = theirs.Select(Tag).ToList();
        var ourTags = ours.Select(Tag).ToList();
        if (!theirTags.SequenceEqual(ourTags))
        {
            differences.Add($"{path}: tags differ; dcm2xml only {string.Join(",", theirTags.Except(ourTags))}; ours only {string.Join(",", ourTags.Except(theirTags))}; order {(theirTags.Order().SequenceEqual(ourTags.Order()) ? "differs" : "n/a")}");
            return;
        }

        for (var i = 0; i < theirs.Count; i++)
        {
            CompareAttribute(theirs[i], ours[i], $"{path}/{theirTags[i]}", added, differences);
        }
    }

    private static void CompareAttribute(XElement theirs, XElement ours, string path, IReadOnlySet<string> added, List<string> differences)
    {
        var vr = (string)theirs.Attribute("vr")!;
        if ((string?)ours.Attribute("vr") != vr)
        {
            differences.Add($"{path}: VR {vr} in dcm2xml, {(string?)ours.Attribute("vr")} served");
            return;
        }

        if ((string?)theirs.Attribute("privateCreator") != (string?)ours.Attribute("privateCreator"))
        {
            differences.Add($"{path}: privateCreator '{(string?)theirs.Attribute("privateCreator")}' in dcm2xml, '{(string?)ours.Attribute("privateCreator")}' served");
        }

        if (ours.Element(Ns + "BulkData") is not null)
        {
            // Deliberate: binary values over 1 KiB and pixel data are served by reference.
            if (theirs.Element(Ns + "InlineBinary") is null && theirs.Element(Ns + "BulkData") is null && theirs.Elements(Ns + "Value").Any() is false)
            {
                differences.Add($"{path}: served as BulkData but dcm2xml has no value");
            }

            return;
        }

        if (vr == "SQ")
        {
            var theirItems = theirs.Elements(Ns + "Item").ToList();
            var ourItems = ours.Elements(Ns + "Item").ToList();
            if (theirItems.Count != ourItems.Count)
            {
                differences.Add($"{path}: {theirItems.Count} items in dcm2xml, {ourItems.Count} served");
                return;
            }

            for (var i = 0; i < theirItems.Count; i++)
            {
                if ((string?)theirItems[i].Attribute("number") != (string?)ourItems[i].Attribute("number"))
                {
                    differences.Add($"{path}: item {i} numbered {(string?)theirItems[i].Attribute("number")} in dcm2xml, {(string?)ourItems[i].Attribute("number")} served");
                }

                Compare(theirItems[i], ourItems[i], $"{path}/{i + 1}", added, differences);
            }

            return;
        }

        if (theirs.Element(Ns + "InlineBinary") is { } inline)
        {
            var served = ours.Element(Ns + "InlineBinary")?.Value;
            if (served is null || !Convert.FromBase64String(inline.Value).AsSpan().SequenceEqual(Convert.FromBase64String(served)))
            {
                differences.Add($"{path}: inline binary differs ({inline.Value.Length} base64 characters in dcm2xml, {served?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"} served)");
            }

            return;
        }

        var theirValues = Values(theirs);
        var ourValues = Values(ours);
        if (theirValues.Count != ourValues.Count)
        {
            differences.Add($"{path}: values [{string.Join("|", theirValues)}] in dcm2xml, [{string.Join("|", ourValues)}] served");
            return;
        }

        for (var i = 0; i < theirValues.Count; i++)
        {
            if (!SameValue(vr, theirValues[i], ourValues[i]))
            {
                differences.Add($"{path}: value {i + 1} '{theirValues[i]}' in dcm2xml, '{ourValues[i]}' served");
            }
        }
    }

    private static string Tag(XElement attribute) => (string)attribute.Attribute("tag")!;

    /// <summary>Values as "number:text"; a person name as its groups and components.</summary>
    private static List<string> Values(XElement attribute)
    {
        var values = attribute.Elements(Ns + "Value").Select(v => $"{(string?)v.Attribute("number")}:{v.Value}").ToList();
        foreach (var name in attribute.Elements(Ns + "PersonName"))
        {
            var text = new StringBuilder().Append((string?)name.Attribute("number")).Append(':');
            foreach (var group in name.Elements())
            {
                text.Append(group.Name.LocalName).Append('(').AppendJoin(",", group.Elements().Select(c => $"{c.Name.LocalName}={c.Value}")).Append(')');
            }

            values.Add(text.ToString());
        }

        return values;
    }

    private static bool SameValue(string vr, string theirs, string ours)
    {
        if (theirs == ours)
        {
            return true;
        }

        // dcm2xml prints FL and FD with its own precision (9.69999981 for 9.7f); DS may differ only in how it is spelt.
        if (vr is "FL" or "FD" or "DS" && theirs.Split(':', 2) is [var n1, var t1] && ours.Split(':', 2) is [var n2, var t2] && n1 == n2
            && double.TryParse(t1, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(t2, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            return vr == "FL" ? (float)a == (float)b : a == b;
        }

        return false;
    }
}
