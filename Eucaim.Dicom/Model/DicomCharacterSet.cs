using System.Text;

namespace Eucaim.Dicom;

/// <summary>
/// Decodes text values according to Specific Character Set (0008,0005), PS3.5 6.1 and PS3.3 C.12.1.1.2:
/// the single-byte ISO 8859 sets, UTF-8, GB18030/GBK, and ISO 2022 code extensions (escape sequences).
/// </summary>
public sealed class DicomCharacterSet
{
    private const byte Escape = 0x1B;

    public static readonly DicomCharacterSet Default = new([string.Empty], [Encoding.Latin1], isUtf8: false, usesCodeExtensions: false, isSupported: true);

    public static readonly DicomCharacterSet Utf8 = new(["ISO_IR 192"], [Encoding.UTF8], isUtf8: true, usesCodeExtensions: false, isSupported: true);

    private readonly Encoding[] _encodings;

    static DicomCharacterSet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private DicomCharacterSet(string[] terms, Encoding[] encodings, bool isUtf8, bool usesCodeExtensions, bool isSupported)
    {
        Terms = terms;
        _encodings = encodings;
        IsUtf8 = isUtf8;
        UsesCodeExtensions = usesCodeExtensions;
        IsSupported = isSupported;
    }

    /// <summary>The defined terms as they appear in Specific Character Set.</summary>
    public IReadOnlyList<string> Terms { get; }

    public bool IsUtf8 { get; }

    /// <summary>ISO 2022 escape sequences may switch the repertoire inside a value.</summary>
    public bool UsesCodeExtensions { get; }

    /// <summary>False when a term was not recognised; text is then decoded as Latin-1 so no byte is lost.</summary>
    public bool IsSupported { get; }

    /// <summary>The encoding used for text this library writes into a dataset with this character set.</summary>
    public Encoding WriteEncoding => UsesCodeExtensions ? Encoding.ASCII : _encodings[0];

    public static DicomCharacterSet FromTerms(IReadOnlyList<string> values)
    {
        if (values.Count == 0 || (values.Count == 1 && values[0].Trim().Length == 0))
        {
            return Default;
        }

        var terms = values.Select(v => v.Trim()).ToArray();
        if (terms.Length == 1 && terms[0] == "ISO_IR 192")
        {
            return Utf8;
        }

        var encodings = new Encoding[terms.Length];
        var supported = true;
        for (var i = 0; i < terms.Length; i++)
        {
            // An empty first value means the default repertoire is active until an escape sequence switches it.
            var encoding = terms[i].Length == 0 ? Encoding.Latin1 : ForTerm(terms[i]);
            if (encoding is null)
            {
                supported = false;
                encoding = Encoding.Latin1;
            }

            encodings[i] = encoding;
        }

        var extensions = terms.Length > 1 || terms[0].StartsWith("ISO 2022", StringComparison.Ordinal);
        return new DicomCharacterSet(terms, encodings, isUtf8: false, extensions, supported);
    }

    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (!UsesCodeExtensions || bytes.IndexOf(Escape) < 0)
        {
            return _encodings[0].GetString(bytes);
        }

        return DecodeWithEscapes(bytes);
    }

    public byte[] Encode(string text) => WriteEncoding.GetBytes(text);

    private static Encoding? ForTerm(string term)
    {
        var number = term.Replace("ISO 2022 IR ", "ISO_IR ", StringComparison.Ordinal);
        return number switch
        {
            "ISO_IR 6" => Encoding.Latin1,
            "ISO_IR 100" => Encoding.Latin1,
            "ISO_IR 101" => Encoding.GetEncoding(28592),
            "ISO_IR 109" => Encoding.GetEncoding(28593),
            "ISO_IR 110" => Encoding.GetEncoding(28594),
            "ISO_IR 144" => Encoding.GetEncoding(28595),
            "ISO_IR 127" => Encoding.GetEncoding(28596),
            "ISO_IR 126" => Encoding.GetEncoding(28597),
            "ISO_IR 138" => Encoding.GetEncoding(28598),
            "ISO_IR 148" => Encoding.GetEncoding(28599),
            "ISO_IR 203" => Encoding.GetEncoding(28605),
            "ISO_IR 166" => Encoding.GetEncoding(874),
            "ISO_IR 13" => Encoding.GetEncoding(932),
            "ISO_IR 87" or "ISO_IR 159" => Encoding.GetEncoding(51932),
            "ISO_IR 149" => Encoding.GetEncoding(51949),
            "ISO_IR 58" => Encoding.GetEncoding(936),
            "ISO_IR 192" => Encoding.UTF8,
            "GB18030" => Encoding.GetEncoding(54936),
            "GBK" => Encoding.GetEncoding(936),
            _ => null,
        };
    }

    private string DecodeWithEscapes(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        var initial = _encodings[0];
        var current = initial;
        var sevenBitMultiByte = false;
        var i = 0;
        while (i < bytes.Length)
        {
            if (bytes[i] == Escape)
            {
                var (length, encoding, sevenBit) = ParseEscape(bytes[i..]);
                if (length == 0)
                {
                    builder.Append('\u001B');
                    i++;
                    continue;
                }

                current = encoding ?? initial;
                sevenBitMultiByte = sevenBit;
                i += length;
                continue;
            }

            // Inside a 7-bit two-byte set every byte pair is a character, even one that looks like a delimiter.
            var end = i;
            while (end < bytes.Length && bytes[end] != Escape && (sevenBitMultiByte || !IsDelimiter(bytes[end])))
            {
                end++;
            }

            if (end > i)
            {
                AppendSegment(builder, bytes[i..end], current, sevenBitMultiByte);
                i = end;
            }

            if (i < bytes.Length && IsDelimiter(bytes[i]))
            {
                builder.Append((char)bytes[i]);
                i++;

                // PS3.5 6.1.2.5.3: the initial code elements are active again after each delimiter.
                current = initial;
                sevenBitMultiByte = false;
            }
        }

        return builder.ToString();
    }

    private static bool IsDelimiter(byte b) => b is (byte)'\\' or (byte)'^' or (byte)'=' or 0x0D or 0x0A or 0x09 or 0x0C;

    private static void AppendSegment(StringBuilder builder, ReadOnlySpan<byte> segment, Encoding encoding, bool sevenBitMultiByte)
    {
        if (!sevenBitMultiByte)
        {
            builder.Append(encoding.GetString(segment));
            return;
        }

        // JIS X 0208 arrives as 7-bit pairs; lifting them to GR gives the EUC-JP form the decoder understands.
        var lifted = segment.ToArray();
        for (var k = 0; k < lifted.Length; k++)
        {
            if (lifted[k] is >= 0x21 and <= 0x7E)
            {
                lifted[k] |= 0x80;
            }
        }

        builder.Append(encoding.GetString(lifted));
    }

    private static (int Length, Encoding? Encoding, bool SevenBitMultiByte) ParseEscape(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 3)
        {
            var a = (char)bytes[1];
            var b = (char)bytes[2];
            switch (a, b)
            {
                case ('(', 'B'):
                case ('(', 'J'):
                    return (3, Encoding.Latin1, false);
                case (')', 'I'):
                    return (3, Encoding.GetEncoding(932), false);
                case ('$', 'B'):
                case ('$', '@'):
                    return (3, Encoding.GetEncoding(51932), true);
                case ('-', _):
                    return (3, ForFinalByte(b), false);
            }
        }

        if (bytes.Length >= 4 && bytes[1] == '$')
        {
            switch ((char)bytes[2], (char)bytes[3])
            {
                case (')', 'C'):
                    return (4, Encoding.GetEncoding(51949), false);
                case (')', 'A'):
                    return (4, Encoding.GetEncoding(936), false);
                case ('(', 'D'):
                    return (4, Encoding.GetEncoding(51932), true);
            }
        }

        return (0, null, false);
    }

    private static Encoding? ForFinalByte(char final) => final switch
    {
        'A' => Encoding.Latin1,
        'B' => Encoding.GetEncoding(28592),
        'C' => Encoding.GetEncoding(28593),
        'D' => Encoding.GetEncoding(28594),
        'L' => Encoding.GetEncoding(28595),
        'G' => Encoding.GetEncoding(28596),
        'F' => Encoding.GetEncoding(28597),
        'H' => Encoding.GetEncoding(28598),
        'M' => Encoding.GetEncoding(28599),
        'T' => Encoding.GetEncoding(874),
        'b' => Encoding.GetEncoding(28605),
        _ => null,
    };
}
