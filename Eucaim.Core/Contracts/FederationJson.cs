using System.Text.Json;
using System.Text.Json.Serialization;

namespace Eucaim.Core.Contracts;

/// <summary>The one JSON shape of federation message bodies: camelCase, enums as camelCase strings.</summary>
public static class FederationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
