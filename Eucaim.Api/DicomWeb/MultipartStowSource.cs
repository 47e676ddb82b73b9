using System.Runtime.CompilerServices;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.DicomWeb;

/// <summary>A STOW-RS request body read part by part, each part at most <c>maxInstanceBytes</c>.</summary>
internal sealed class MultipartStowSource(HttpContext http, int maxInstanceBytes) : IStowSource
{
    private readonly MediaTypeHeaderValue? _contentType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed : null;

    public bool IsMultipartDicom => _contentType is { } contentType
        && contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)
        && HeaderUtilities.RemoveQuotes(contentType.Boundary).Length > 0
        && HeaderUtilities.RemoveQuotes(contentType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? "application/dicom")
            .Equals("application/dicom", StringComparison.OrdinalIgnoreCase);

    public long? DeclaredLength => http.Request.ContentLength;

    public void LimitTo(long maxBytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes;
        }
    }

    public async IAsyncEnumerable<StowPart> ReadPartsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(_contentType?.Boundary ?? default).Value ?? "";
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = maxInstanceBytes };
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            var body = section.Body;
            yield return new StowPart(section.ContentType, async ct =>
            {
                using var buffer = new MemoryStream();
                await body.CopyToAsync(buffer, ct);
                return buffer.ToArray();
            });
        }
    }
}
