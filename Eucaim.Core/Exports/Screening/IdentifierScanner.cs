using System.Buffers;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// Streams a file's bytes through a tokenizer and looks every token up in an <see cref="IdentifierSet"/>:
/// one pass, memory bounded by <see cref="MaxTokenLength"/>, however many values the set holds.
/// A token is a run of bytes between delimiters (white space, control bytes, quotes and the
/// punctuation of CSV, JSON, paths and key/value text), so <c>"P001",</c> and <c>/P001/</c> find
/// <c>P001</c> while <c>P0012</c> does not; a token's parts between underscores (<c>P001_left.png</c>)
/// and a token without its trailing full stop (the end of a sentence) are looked up too.
/// </summary>
public sealed class IdentifierScanner(IdentifierSet identifiers)
{
    /// <summary>Longer runs cannot be one value (a UID has at most 64 characters, an LO 64) and are skipped.</summary>
    public const int MaxTokenLength = 256;

    private static readonly SearchValues<byte> DelimiterValues = SearchValues.Create(BuildDelimiters());

    private readonly byte[] _token = new byte[MaxTokenLength];
    private readonly Dictionary<string, (long FirstLine, long Count)> _found = new(StringComparer.Ordinal);
    private int _length;
    private bool _overlong;
    private long _line = 1;

    /// <summary>What was found so far: per code, the first line and the number of occurrences.</summary>
    public IReadOnlyDictionary<string, (long FirstLine, long Count)> Found => _found;

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            // Vectorised: jump to the next delimiter, take the run before it as (part of) a token.
            var end = chunk.IndexOfAny(DelimiterValues);
            var run = end < 0 ? chunk : chunk[..end];
            if (_length + run.Length <= MaxTokenLength)
            {
                run.CopyTo(_token.AsSpan(_length));
                _length += run.Length;
            }
            else
            {
                _overlong = true;
            }

            if (end < 0)
            {
                return;
            }

            EndToken();
            if (chunk[end] == (byte)'\n')
            {
                _line++;
            }

            chunk = chunk[(end + 1)..];
        }
    }

    /// <summary>Ends the last token; call once after the last chunk.</summary>
    public void Finish() => EndToken();

    private void EndToken()
    {
        if (_length > 0 && !_overlong)
        {
            Look(_token.AsSpan(0, _length));
        }

        _length = 0;
        _overlong = false;
    }

    private void Look(ReadOnlySpan<byte> token)
    {
        var code = identifiers.Find(token);
        if (code is null && token.Length > 1 && token[^1] == (byte)'.')
        {
            code = identifiers.Find(token[..^1]);
        }

        if (code is not null)
        {
            Record(code);
            return;
        }

        if (token.IndexOf((byte)'_') < 0)
        {
            return;
        }

        foreach (var range in token.Split((byte)'_'))
        {
            if (identifiers.Find(token[range]) is { } part)
            {
                Record(part);
            }
        }
    }

    private void Record(string code)
    {
        _found[code] = _found.TryGetValue(code, out var seen) ? (seen.FirstLine, seen.Count + 1) : (_line, 1);
    }

    private static byte[] BuildDelimiters()
    {
        var delimiters = new List<byte>();
        for (var b = 0; b <= 0x20; b++)
        {
            delimiters.Add((byte)b);
        }

        delimiters.Add(0x7F);
        delimiters.AddRange("\"'`,;:|()[]{}<>=/\\".Select(c => (byte)c));
        return [.. delimiters];
    }
}
