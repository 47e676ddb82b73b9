using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Eucaim.Core.Catalogue.Seed;

/// <summary>
/// The EUCAIM catalogue as shipped (<c>eucaim-datasets.json</c>, embedded) and the ids its datasets get:
/// loaded by the hub's migrations, and dealt out to the local topology's nodes (<see cref="Federation.DevFederation"/>).
/// </summary>
public static class SeedCatalogue
{
    public const string ResourceName = "Eucaim.Core.Catalogue.Seed.eucaim-datasets.json";

    public static List<SeedDataset> Read()
    {
        using var stream = typeof(SeedCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Eucaim.Core.");
        return JsonSerializer.Deserialize<List<SeedDataset>>(stream)
            ?? throw new InvalidDataException("The catalogue seed is empty.");
    }

    /// <summary>The id a seed dataset gets: derived from its key, so it is the same in every installation (and at every node).</summary>
    public static Guid IdOf(string seedKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"eucaim-seed-dataset:{seedKey}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom, name-based
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
