using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Eucaim.Cli.Platform;

/// <summary>The shapes commands print: a document as JSON or as a view for people, a record as label/value rows, sizes.</summary>
internal static class OutputViews
{
    /// <summary><c>--json</c>: the API's document as it came; otherwise <paramref name="forPeople"/>.</summary>
    public static int Print(this Output output, JsonElement document, Action<JsonElement> forPeople)
    {
        if (output.Json)
        {
            output.WriteJson(document);
        }
        else
        {
            forPeople(document);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Columns of identifiers (references, digests, subjects) are never wrapped, so that a row can be
    /// copied or found with grep whole; the other columns wrap instead when the table is too wide.
    /// </summary>
    public static Table Unwrapped(this Table table, params int[] columns)
    {
        foreach (var column in columns)
        {
            table.Columns[column].NoWrap();
        }

        return table;
    }

    /// <summary>One record as rows of label and value (the table's headers hidden).</summary>
    public static void Record(this Output output, params (string Label, string? Value)[] rows)
    {
        var table = output.Table("", "");
        table.HideHeaders();
        foreach (var (label, value) in rows)
        {
            Output.AddRow(table, label, value);
        }

        output.Console.Write(table);
    }

    /// <summary>"1 tenant", "3 tenants": the line under a table.</summary>
    public static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}.";

    /// <summary>"1.5 GiB": binary units, as the quotas are given.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    /// <summary>"12" or "0.5": CPU cores from millicores.</summary>
    public static string Cores(long millicores) => (millicores / 1000m).ToString("0.###", CultureInfo.InvariantCulture);
}
