using System.Text;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// The identifying values of the granted datasets, kept as 64-bit hashes in an open-addressing
/// table (9 bytes a slot, 1.5 to 3 slots a value, whatever the value's length: about
/// 20 MB for a million instances), so a lookup is one or two memory reads. A false match needs a
/// 64-bit collision.
/// </summary>
public sealed class IdentifierSet
{
    /// <summary>Shorter values are not searched: a patient ID <c>12</c> would match every count of twelve.</summary>
    public const int MinLength = 4;

    // Codes are stored as their index here: one byte per slot instead of a reference.
    private static readonly string[] Codes =
    [
        "", ExportFindingCodes.PatientId, ExportFindingCodes.AccessionNumber, ExportFindingCodes.StudyInstanceUid,
        ExportFindingCodes.SeriesInstanceUid, ExportFindingCodes.SopInstanceUid,
    ];

    private readonly ulong[] _slots;
    private readonly byte[] _codes;
    private readonly int _mask;

    private IdentifierSet(ulong[] slots, byte[] codes, int count) => (_slots, _codes, _mask, Count) = (slots, codes, slots.Length - 1, count);

    public static readonly IdentifierSet Empty = new(new ulong[1], new byte[1], 0);

    public int Count { get; }

    /// <summary>The code of <paramref name="token"/> (UTF-8), or null when it is none of the values.</summary>
    public string? Find(ReadOnlySpan<byte> token)
    {
        if (token.Length < MinLength || Count == 0)
        {
            return null;
        }

        var hash = Hash(token);
        for (var slot = (int)(hash & (uint)_mask); _slots[slot] != 0; slot = (slot + 1) & _mask)
        {
            if (_slots[slot] == hash)
            {
                return Codes[_codes[slot]];
            }
        }

        return null;
    }

    /// <summary>FNV-1a, 64 bits, never 0 (the empty slot); mixed so that the low bits index the table well.</summary>
    public static ulong Hash(ReadOnlySpan<byte> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in value)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 29;
        return hash == 0 ? 1 : hash;
    }

    /// <summary>Collects values with their <see cref="ExportFindingCodes"/> code; the first code given for a value wins.</summary>
    public sealed class Builder
    {
        private readonly List<ulong> _hashes = [];
        private readonly List<byte> _codes = [];

        public int Count => _hashes.Count;

        public void Add(string? value, string code)
        {
            var trimmed = value?.Trim();
            if (trimmed is null || trimmed.Length < MinLength)
            {
                return;
            }

            var index = Array.IndexOf(Codes, code, 1);
            if (index < 1)
            {
                throw new ArgumentException($"'{code}' is not an identifier code.", nameof(code));
            }

            _hashes.Add(Hash(System.Text.Encoding.UTF8.GetBytes(trimmed)));
            _codes.Add((byte)index);
        }

        public IdentifierSet Build()
        {
            // A third to two thirds full: a miss ends after a slot or two.
            var capacity = (int)Math.Max(2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, _hashes.Count + (_hashes.Count / 2))));
            var slots = new ulong[capacity];
            var codes = new byte[capacity];
            var mask = capacity - 1;
            var count = 0;
            for (var i = 0; i < _hashes.Count; i++)
            {
                var hash = _hashes[i];
                var slot = (int)(hash & (uint)mask);
                while (slots[slot] != 0 && slots[slot] != hash)
                {
                    slot = (slot + 1) & mask;
                }

                if (slots[slot] == 0)
                {
                    slots[slot] = hash;
                    codes[slot] = _codes[i];
                    count++;
                }
            }

            return new IdentifierSet(slots, codes, count);
        }
    }
}
