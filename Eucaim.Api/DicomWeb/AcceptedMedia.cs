using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// One media range of a WADO-RS Accept header (PS3.18 8.7): the media type, the <c>type</c> of the parts
/// of a multipart/related response, and the <c>transfer-syntax</c> parameter ("*" accepts any).
/// </summary>
internal sealed record AcceptedMedia(string MediaType, string? PartType, string? TransferSyntax, double Quality)
{
    public const string AnyTransferSyntax = "*";

    private static readonly AcceptedMedia[] Anything = [new("*/*", null, null, 1)];

    public bool IsAnyType => MediaType is "*/*";

    public bool IsMultipart => MediaType is "multipart/related" or "multipart/*";

    /// <summary>The type the parts (or the single body) are to have: the multipart type parameter, or the media type itself.</summary>
    public string? ContentType => IsMultipart ? PartType : IsAnyType ? null : MediaType;

    public bool AllowsTransferSyntax(string uid) => TransferSyntax is null or AnyTransferSyntax || TransferSyntax == uid;

    /// <summary>The ranges of the request's Accept header, best first (q=0 left out); no header means anything.</summary>
    public static IReadOnlyList<AcceptedMedia> Of(HttpRequest request)
    {
        var header = request.Headers.Accept;
        if (StringValues.IsNullOrEmpty(header))
        {
            return Anything;
        }

        if (!MediaTypeHeaderValue.TryParseList(header, out var parsed))
        {
            return [];
        }

        return parsed
            .Select(m => new AcceptedMedia(
                m.MediaType.Value?.ToLowerInvariant() ?? "",
                Parameter(m, "type")?.ToLowerInvariant(),
                Parameter(m, "transfer-syntax"),
                m.Quality ?? 1))
            .Where(m => m.Quality > 0)
            .OrderByDescending(m => m.Quality)
            .ToList();
    }

    private static string? Parameter(MediaTypeHeaderValue media, string name) =>
        media.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } parameter
            ? HeaderUtilities.RemoveQuotes(parameter.Value).Value?.Trim()
            : null;
}
