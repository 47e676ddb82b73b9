using System.Text;

namespace Eucaim.Api.DicomWeb;

/// <summary>A multipart/related response body (RFC 2387) written part by part, so nothing is held whole in memory.</summary>
internal sealed class MultipartResponse
{
    private readonly string _boundary = $"eucaim-{Guid.NewGuid():N}";
    private readonly Stream _body;

    /// <summary>Sets the response's Content-Type: multipart/related with <paramref name="partType"/> as its type parameter.</summary>
    public MultipartResponse(HttpResponse response, string partType)
    {
        response.ContentType = $"multipart/related; type=\"{partType}\"; boundary={_boundary}";
        _body = response.Body;
    }

    /// <summary>Writes the boundary and the part's headers; the part's content then goes to <see cref="Body"/>.</summary>
    public Task StartPartAsync(string contentType, string? location, CancellationToken cancellationToken)
    {
        var headers = new StringBuilder().Append("--").Append(_boundary).Append("\r\nContent-Type: ").Append(contentType).Append("\r\n");
        if (location is not null)
        {
            headers.Append("Content-Location: ").Append(location).Append("\r\n");
        }

        return _body.WriteAsync(Encoding.ASCII.GetBytes(headers.Append("\r\n").ToString()), cancellationToken).AsTask();
    }

    public Stream Body => _body;

    public Task EndPartAsync(CancellationToken cancellationToken) => _body.WriteAsync("\r\n"u8.ToArray(), cancellationToken).AsTask();

    public Task FinishAsync(CancellationToken cancellationToken) => _body.WriteAsync(Encoding.ASCII.GetBytes($"--{_boundary}--\r\n"), cancellationToken).AsTask();
}
