using System.Text;
using Eucaim.Dicom.Tests.Infrastructure;

namespace Eucaim.Dicom.Tests;

/// <summary>
/// The de-identified bytes, not the parsed output, must be free of every original value the profile removes or
/// replaces: a value left in an attribute we do not parse, in padding, or re-encoded would escape a header check.
/// </summary>
public sealed class DeidentifiedBytesTests
{
    // Shorter values ("M", "1", "CT") occur by chance in any binary file.
    private const int MinimumLength = 4;

    [Fact]
    public void NoOriginalIdentifyingValueIsLeftInTheOutputBytes()
    {
        var deidentifier = new DicomDeidentifier(DeidentifierTests.Options());
        var workspace = Directory.CreateTempSubdirectory("eucaim-deid-bytes-");
        var leaks = new List<string>();
        var searched = 0;
        var files = 0;
        try
        {
            foreach (var file in TestCorpus.AllFiles())
            {
                var input = DicomReader.ReadFile(file, headerOnly: false);
                if (!input.IsDicom || !input.IsComplete)
                {
                    continue;
                }

                var output = Path.Combine(workspace.FullName, $"{files}.dcm");
                if (!deidentifier.DeidentifyFile(file, output).Succeeded)
                {
                    continue;
                }

                files++;
                var bytes = File.ReadAllBytes(output);
                var kept = new List<string>();
                var identifying = new List<(string Where, DicomElement Element, DicomCharacterSet CharacterSet)>();
                Collect(input.Dataset, string.Empty, kept, identifying);
                foreach (var (where, element, characterSet) in identifying)
                {
                    foreach (var (encoding, needle) in Encodings(element, characterSet))
                    {
                        var text = Encoding.Latin1.GetString(needle);
                        if (needle.Length < MinimumLength || kept.Any(k => k.Contains(text, StringComparison.Ordinal)))
                        {
                            continue;
                        }

                        searched++;
                        if (bytes.AsSpan().IndexOf(needle) >= 0)
                        {
                            leaks.Add($"{TestCorpus.Relative(file)}: {where} ({ConfidentialityProfile.CodeFor(element.Tag)}) as {encoding}");
                        }
                    }
                }
            }
        }
        finally
        {
            workspace.Delete(recursive: true);
        }

        Assert.True(leaks.Count == 0, $"{leaks.Count} original value(s) found in de-identified bytes:\n" + string.Join('\n', leaks.Distinct().Take(60)));
        Assert.True(files > 60, $"only {files} files de-identified");
        Assert.True(searched > 1000, $"only {searched} values searched");
    }

    /// <summary>
    /// Splits the original into values the profile removes or replaces (every code, UIDs included) and the text of
    /// attributes it keeps: a value that also sits in a kept attribute legitimately stays.
    /// </summary>
    private static void Collect(DicomDataset dataset, string path, List<string> kept, List<(string, DicomElement, DicomCharacterSet)> identifying)
    {
        foreach (var element in dataset)
        {
            var where = $"{path}/{element.Tag}";
            var inProfile = !element.Tag.IsPrivate && ConfidentialityProfile.CodeFor(element.Tag) is not null;
            if (element.IsSequence)
            {
                for (var i = 0; i < element.Items.Count; i++)
                {
                    Collect(element.Items[i], $"{where}[{i}]", kept, identifying);
                }

                continue;
            }

            if (!element.VR.IsString || element.IsEmpty)
            {
                continue;
            }

            if (inProfile || element.Tag.IsPrivate)
            {
                if (inProfile)
                {
                    identifying.Add((where, element, dataset.CharacterSet));
                }

                continue;
            }

            kept.Add(element.GetString(dataset.CharacterSet));
            kept.Add(Encoding.Latin1.GetString(element.Value.Span));
        }
    }

    /// <summary>The value as stored, and its decoded text in UTF-8 and Latin-1, whole and value by value (PN groups too).</summary>
    private static IEnumerable<(string Encoding, byte[] Bytes)> Encodings(DicomElement element, DicomCharacterSet characterSet)
    {
        yield return ("stored bytes", Trim(element.Value.Span.ToArray()));
        var text = element.GetString(characterSet).Trim(' ', '\0');
        var parts = new[] { text }
            .Concat(text.Split('\\'))
            .Concat(element.VR == DicomVR.PN ? text.Split(['\\', '=']) : [])
            .Select(p => p.Trim(' ', '\0'))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            yield return ("UTF-8", Encoding.UTF8.GetBytes(part));
            if (part.All(c => c <= '\u00FF'))
            {
                yield return ("Latin-1", Encoding.Latin1.GetBytes(part));
            }
        }
    }

    private static byte[] Trim(byte[] bytes)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is (byte)' ' or 0)
        {
            end--;
        }

        return bytes[..end];
    }
}
