using System.Text;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// The identifying values of the granted datasets, kept as sorted 64-bit hashes (8 bytes and a code
/// per value, whatever the value's length), so a dataset of a million instances costs about 9 MB and
/// a lookup is one binary search. A false match needs a 64-bit collision.
/// </summary>
public sealed class IdentifierSet
{
    /// <summary>Shorter values are not searched: a patient ID <c>12</c> would match every count of twelve.</summary>
    public const int MinLength = 4;

    private readonly ulong[] _hashes;
    private readonly string[] _codes;

    private IdentifierSet(ulong[] hashes, string[] codes) => (_hashes, _codes) = (hashes, codes);

    public static readonly IdentifierSet Empty = new([], []);

    public int Count => _hashes.Length;

    /// <summary>The code of <paramref name="token"/> (UTF-8), or null when it is none of the values.</summary>
    public string? Find(ReadOnlySpan<byte> token)
    {
        if (token.Length < MinLength || _hashes.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_hashes, Hash(token));
        return index >= 0 ? _codes[index] : null;
    }

    /// <summary>FNV-1a, 64 bits: fast on short tokens and good enough where nobody chooses the values to collide.</summary>
    public static ulong Hash(ReadOnlySpan<byte> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in value)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Collects values with their <see cref="ExportFindingCodes"/> code; the first code given for a value wins.</summary>
    public sealed class Builder
    {
        private readonly List<(ulong Hash, string Code)> _entries = [];

        public int Count => _entries.Count;

        public void Add(string? value, string code)
        {
            var trimmed = value?.Trim();
            if (trimmed is null || trimmed.Length < MinLength)
            {
                return;
            }

            _entries.Add((Hash(Encoding.UTF8.GetBytes(trimmed)), code));
        }

        public IdentifierSet Build()
        {
            // A stable sort keeps the first code of a value that was added twice (a patient ID that is also an accession number).
            var sorted = _entries.Select((e, i) => (e.Hash, e.Code, i)).OrderBy(e => e.Hash).ThenBy(e => e.i).ToList();
            var hashes = new List<ulong>(sorted.Count);
            var codes = new List<string>(sorted.Count);
            foreach (var (hash, code, _) in sorted)
            {
                if (hashes.Count == 0 || hashes[^1] != hash)
                {
                    hashes.Add(hash);
                    codes.Add(code);
                }
            }

            return new IdentifierSet([.. hashes], [.. codes]);
        }
    }
}
