using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Eucaim.Core.Audit;

/// <summary>
/// The canonical JSON of an audit entry and its chained hash. Fixed property order, no whitespace,
/// details sorted by key (ordinal), time in UTC to the microsecond (PostgreSQL's precision), absent
/// values as <c>null</c>. The same bytes come out whether the entry is about to be inserted or was
/// read back from the database, which is what lets verification recompute every hash.
/// </summary>
public static class AuditCanonicalForm
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    public const int MaxActorLength = 255;

    public const int MaxDetailLength = 4000;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        // A fixed encoder: the escaping of a string must not depend on the host's defaults.
        Encoder = JavaScriptEncoder.Default,
    };

    /// <summary>Rounds down to the microsecond, as PostgreSQL stores <c>timestamptz</c>.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    public static string Json(AuditRecord record)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", record.Seq);
            writer.WriteString("at", Truncate(record.OccurredAt).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("actor", record.Actor);
            writer.WriteString("action", record.Action);
            writer.WriteString("outcome", record.Outcome);
            WriteNullable(writer, "tenant", record.TenantSlug);
            WriteNullable(writer, "dataset", record.DatasetId?.ToString("D"));
            WriteNullable(writer, "targetType", record.TargetType);
            WriteNullable(writer, "targetId", record.TargetId);
            WriteNullable(writer, "client", record.ClientAddress);
            writer.WritePropertyName("details");
            WriteDetails(writer, record.Details);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>SHA-256 over the previous hash and the canonical JSON, as lowercase hex.</summary>
    public static string Hash(string previousHash, string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + canonicalJson)));

    public static string Hash(AuditRecord record) => Hash(record.PrevHash, Json(record));

    /// <summary>Details as stored: a JSON object of strings (or nulls), keys sorted.</summary>
    public static string DetailsJson(IReadOnlyDictionary<string, string?> details)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                WriteNullable(writer, key, Fit(value, MaxDetailLength));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string? Fit(string? value, int length) => value is not null && value.Length > length ? value[..length] : value;

    /// <summary>Reads details back; anything but strings and nulls (only an edit could put it there) keeps its raw JSON text.</summary>
    public static IReadOnlyDictionary<string, string?> ParseDetails(string json)
    {
        using var document = JsonDocument.Parse(json);
        var details = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            details["$"] = document.RootElement.GetRawText();
            return details;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            details[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return details;
    }

    /// <summary>
    /// Details sorted by key. Anything but a string or null (only a direct edit could put it there) is
    /// written as its raw JSON, so that it never hashes like the string it imitates.
    /// </summary>
    private static void WriteDetails(Utf8JsonWriter writer, string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            writer.WriteRawValue(document.RootElement.GetRawText(), skipInputValidation: true);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            writer.WritePropertyName(property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    writer.WriteStringValue(property.Value.GetString());
                    break;
                case JsonValueKind.Null:
                    writer.WriteNullValue();
                    break;
                default:
                    writer.WriteRawValue(property.Value.GetRawText(), skipInputValidation: true);
                    break;
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
