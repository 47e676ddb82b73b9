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
        if (boundary.Length > MaxBoundaryLength)
        {
            throw new MalformedStowBodyException($"The multipart boundary is {boundary.Length} characters; RFC 2046 allows at most {MaxBoundaryLength}.");
        }

        // The reader's default 4 KiB buffer would take each instance in a hundred small reads, each a search for the boundary.
        var reader = new MultipartReader(boundary, http.Request.Body, ReadBufferBytes) { BodyLengthLimit = maxInstanceBytes };
        // The slices of a series are mostly of one size: each part is read into a buffer as large as the one before.
        var previousLength = 0;
        while (true)
        {
            MultipartSection? section;
            try
            {
                section = await reader.ReadNextSectionAsync(cancellationToken);
            }
            catch (Exception ex) when (IsMalformed(ex))
            {
                throw new MalformedStowBodyException($"The multipart body is malformed: {ex.Message}", ex);
            }

            if (section is null)
            {
                yield break;
            }

            var body = section.Body;
            yield return new StowPart(section.ContentType, async ct =>
            {
                try
                {
                    var content = await HashedContent.ReadAsync(body, previousLength, ct);
                    previousLength = content.Bytes.Count;
                    return content;
                }
                catch (Exception ex) when (IsMalformed(ex))
                {
                    throw new MalformedStowBodyException($"A part of the multipart body is malformed: {ex.Message}", ex);
                }
            });
        }
    }

    private const int ReadBufferBytes = 64 * 1024;

    /// <summary>RFC 2046: a boundary is 1 to 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    // Kestrel's own failures (body over the limit, client gone) derive from IOException too, and
    // keep their own answers; what is left is the multipart reader's refusal of the document.
    private static bool IsMalformed(Exception ex) =>
        ex is InvalidDataException || (ex is IOException && ex is not BadHttpRequestException && ex is not Microsoft.AspNetCore.Connections.ConnectionResetException);
}
