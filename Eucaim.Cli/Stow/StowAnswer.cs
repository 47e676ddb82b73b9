using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eucaim.Cli.Stow;

/// <summary>An instance the platform refused: its SOP Instance UID when the part was readable, the PS3.4 failure reason, and the reason in words when the platform gave it.</summary>
internal sealed record StowFailure(string? SopInstanceUid, int Reason, string? Message)
{
    public string ReasonText => Reason switch
    {
        0x0110 => "processing failure (0x0110)",
        0xA900 => "of another study than the one addressed (0xA900)",
        0xC000 => "not understood (0xC000)",
        _ => $"failure 0x{Reason:X4}",
    };
}

/// <summary>What one STOW-RS request stored and refused (PS3.18 10.5.3: ReferencedSOPSequence and FailedSOPSequence).</summary>
internal sealed partial record StowAnswer(IReadOnlyList<string> Stored, IReadOnlyList<StowFailure> Failed)
{
    /// <summary>
    /// Reads the DICOM JSON answer; the platform's Warning header gives the first failures' reasons
    /// in words, in the order of the FailedSOPSequence.
    /// </summary>
    public static StowAnswer Parse(string body, IEnumerable<string> warnings)
    {
        using var json = JsonDocument.Parse(body);
        var words = warnings.SelectMany(w => WarningText().Matches(w).Select(m => m.Groups[1].Value)).ToList();
        var stored = Items(json.RootElement, "00081199").Select(i => Uid(i) ?? "").Where(u => u.Length > 0).ToList();
        var failed = Items(json.RootElement, "00081198").Select((item, n) => new StowFailure(
            Uid(item),
            item.TryGetProperty("00081197", out var reason) && reason.TryGetProperty("Value", out var values) && values.GetArrayLength() > 0 ? values[0].GetInt32() : 0,
            n < words.Count ? words[n] : null)).ToList();
        return new StowAnswer(stored, failed);
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string tag) =>
        root.TryGetProperty(tag, out var sequence) && sequence.TryGetProperty("Value", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];

    private static string? Uid(JsonElement item) =>
        item.TryGetProperty("00081155", out var uid) && uid.TryGetProperty("Value", out var values) && values.GetArrayLength() > 0 ? values[0].GetString() : null;

    [GeneratedRegex("299 [^ ]+ \"([^\"]*)\"")]
    private static partial Regex WarningText();
}
