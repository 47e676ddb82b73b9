using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Eucaim.Cli.Api;

/// <summary>A JSON request body for the API.</summary>
internal static class JsonBody
{
    public static StringContent Of(JsonNode document) =>
        new(document.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
