using System.Text.Json;
using System.Text.Json.Serialization;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Config;

/// <summary>Named platforms (<c>profiles.json</c> in the config folder) and which one is in use.</summary>
internal sealed class ProfileStore(ConfigFolder folder)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath => folder.File("profiles.json");

    public ProfileFile Load()
    {
        var text = folder.ReadText(FilePath);
        if (text is null)
        {
            return new ProfileFile();
        }

        try
        {
            return JsonSerializer.Deserialize<ProfileFile>(text, Json) ?? new ProfileFile();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"{FilePath} is not valid JSON ({e.Message}); fix or delete it");
        }
    }

    public void Save(ProfileFile profiles) => folder.WritePrivate(FilePath, JsonSerializer.Serialize(profiles, Json));

    /// <summary>A profile name is what a person types: letters, digits, <c>-</c>, <c>_</c>, <c>.</c>.</summary>
    public static string CheckName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? name
            : throw new CliException(ExitCodes.Usage, $"'{name}' is not a profile name: use 1 to 64 letters, digits, '-', '_' or '.'");
}

internal sealed class ProfileFile
{
    public string? Current { get; set; }

    public SortedDictionary<string, Profile> Profiles { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class Profile
{
    public required string Platform { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; set; }
}
