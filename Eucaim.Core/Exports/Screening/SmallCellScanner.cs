using System.Globalization;
using System.Text;

namespace Eucaim.Core.Exports.Screening;

/// <summary>
/// Streams a delimited table (comma, semicolon or tab, found on the first line; RFC 4180 quoting)
/// and counts the cells of count columns holding a whole number above zero and below the threshold:
/// a count of 3 can single out three patients. A count column is one whose header names a count
/// (<c>n</c>, <c>count</c>, <c>n_patients</c>, <c>patients</c>, <c>frequency</c>, …, see
/// <see cref="IsCountHeader"/>); a table without a header row has every column taken as one. Zero is
/// not a small cell. Memory is bounded: a cell is kept only as far as a number can reach, and a
/// table stops being read when its rows stop having the header's number of fields.
/// </summary>
public sealed class SmallCellScanner(int threshold)
{
    public const int MaxColumns = 10_000;
    private const int MaxFirstLine = 1 << 16;
    private const int MaxCell = 128;

    private readonly List<byte> _firstLine = [];
    private readonly byte[] _cell = new byte[MaxCell];
    private readonly List<string> _record = [];
    private byte _delimiter;
    private bool _stopped;
    private bool _inQuotes;
    private bool _quoteSeen;
    private int _cellLength;
    private bool _cellOverlong;
    private long _line = 1;
    private long _recordLine = 1;
    private string[]? _header;
    private bool[]? _countColumns;

    /// <summary>Whether the file reads as a table of at least two columns (known once its first line is read).</summary>
    public bool IsTable => _countColumns is not null;

    public long SmallCells { get; private set; }

    public long? FirstLine { get; private set; }

    public string? FirstColumn { get; private set; }

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (_stopped)
        {
            return;
        }

        if (_delimiter == 0)
        {
            var end = FirstLineEnd(chunk);
            if (end < 0)
            {
                if (_firstLine.Count + chunk.Length > MaxFirstLine)
                {
                    _stopped = true;
                    return;
                }

                _firstLine.AddRange(chunk);
                return;
            }

            _firstLine.AddRange(chunk[..(end + 1)]);
            _delimiter = ChooseDelimiter(_firstLine);
            if (_delimiter == 0)
            {
                _stopped = true;
                return;
            }

            _inQuotes = false;
            Parse([.. _firstLine]);
            _firstLine.Clear();
            chunk = chunk[(end + 1)..];
        }

        Parse(chunk);
    }

    /// <summary>Ends the last record; call once after the last chunk.</summary>
    public void Finish()
    {
        if (!_stopped && _delimiter == 0 && _firstLine.Count > 0)
        {
            _delimiter = ChooseDelimiter(_firstLine);
            if (_delimiter != 0)
            {
                _inQuotes = false;
                Parse([.. _firstLine]);
            }
        }

        if (!_stopped && _delimiter != 0)
        {
            EndCell();
            EndRecord();
        }
    }

    /// <summary>Where the first line ends (a line feed outside quotes), tracking quotes across chunks; -1 if not in this chunk.</summary>
    private int FirstLineEnd(ReadOnlySpan<byte> chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            if (chunk[i] == (byte)'"')
            {
                _inQuotes = !_inQuotes;
            }
            else if (chunk[i] == (byte)'\n' && !_inQuotes)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte ChooseDelimiter(List<byte> line)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var b in line)
        {
            switch (b)
            {
                case (byte)'"': quoted = !quoted; break;
                case (byte)',' when !quoted: commas++; break;
                case (byte)';' when !quoted: semicolons++; break;
                case (byte)'\t' when !quoted: tabs++; break;
            }
        }

        var most = Math.Max(commas, Math.Max(semicolons, tabs));
        return most == 0 ? (byte)0 : most == commas ? (byte)',' : most == tabs ? (byte)'\t' : (byte)';';
    }

    private void Parse(ReadOnlySpan<byte> chunk)
    {
        foreach (var b in chunk)
        {
            if (_stopped)
            {
                return;
            }

            if (_inQuotes)
            {
                if (b == (byte)'"')
                {
                    _inQuotes = false;
                    _quoteSeen = true;
                }
                else
                {
                    if (b == (byte)'\n')
                    {
                        _line++;
                    }

                    Append(b);
                }
            }
            else if (b == (byte)'"')
            {
                // A quote right after a closing quote is an escaped quote inside the field.
                if (_quoteSeen)
                {
                    Append(b);
                }

                _inQuotes = true;
            }
            else if (b == _delimiter)
            {
                EndCell();
            }
            else if (b == (byte)'\n')
            {
                EndCell();
                EndRecord();
                _line++;
                _recordLine = _line;
            }
            else if (b != (byte)'\r')
            {
                Append(b);
            }
        }
    }

    private void Append(byte b)
    {
        if (_cellLength < MaxCell)
        {
            _cell[_cellLength++] = b;
        }
        else
        {
            _cellOverlong = true;
        }
    }

    private void EndCell()
    {
        var column = _record.Count;
        if (column >= MaxColumns)
        {
            _stopped = true;
        }
        else if (_countColumns is not null && (column >= _countColumns.Length || !_countColumns[column]))
        {
            // Only the header and count cells are ever looked at: skip decoding the rest.
            _record.Add("");
        }
        else
        {
            _record.Add(_cellOverlong ? "\u2026" : Encoding.UTF8.GetString(_cell, 0, _cellLength).Trim());
        }

        _cellLength = 0;
        _cellOverlong = false;
        _quoteSeen = false;
    }

    private void EndRecord()
    {
        var record = _record;
        if (record.Count == 1 && record[0].Length == 0)
        {
            record.Clear();
            return;
        }

        if (_countColumns is null)
        {
            StartTable(record);
        }
        else if (record.Count != _countColumns.Length)
        {
            _stopped = true;
        }
        else
        {
            CountSmallCells(record);
        }

        record.Clear();
    }

    private void StartTable(List<string> first)
    {
        if (first.Count < 2)
        {
            _stopped = true;
            return;
        }

        if (first.All(IsNumber))
        {
            // No header row: the first row is data, and any column may be a count.
            _countColumns = [.. first.Select(_ => true)];
            CountSmallCells(first);
            return;
        }

        _header = [.. first];
        _countColumns = [.. first.Select(IsCountHeader)];
    }

    private void CountSmallCells(List<string> record)
    {
        for (var i = 0; i < record.Count; i++)
        {
            if (_countColumns![i] && long.TryParse(record[i], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 && count < threshold)
            {
                SmallCells++;
                FirstLine ??= _recordLine;
                FirstColumn ??= _header?[i] ?? $"column {i + 1}";
            }
        }
    }

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static readonly HashSet<string> CountNames = new(StringComparer.Ordinal)
    {
        "n", "k", "count", "counts", "freq", "frequency", "total", "num", "number", "cases", "patients", "subjects",
        "participants", "people", "persons", "individuals", "studies", "series", "instances", "images", "scans",
        "records", "events", "deaths", "cells",
    };

    /// <summary>Whether a header names a count: <c>n</c>, <c>count</c>, <c>patients</c>, <c>n_cases</c>, <c>number of subjects</c>, <c>#</c>…</summary>
    public static bool IsCountHeader(string header)
    {
        var name = new string([.. header.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '#' ? c : '_')]).Trim('_');
        return CountNames.Contains(name)
            || name.Contains("count", StringComparison.Ordinal)
            || name.StartsWith('#')
            || name.StartsWith("n_", StringComparison.Ordinal) || name.StartsWith("num_", StringComparison.Ordinal) || name.StartsWith("nb_", StringComparison.Ordinal)
            || name.StartsWith("number_of", StringComparison.Ordinal) || name.StartsWith("no_of", StringComparison.Ordinal)
            || name.EndsWith("_n", StringComparison.Ordinal)
            || CountNames.Any(c => c.Length > 2 && name.EndsWith("_" + c, StringComparison.Ordinal));
    }
}
