using System.Net;
using System.Net.Http.Headers;
using Eucaim.Cli.Platform;
using Eucaim.Cli.Upload;

namespace Eucaim.Cli.Stow;

/// <summary>
/// STOW-RS requests to the platform's DICOMweb (<c>/dicomweb/datasets/{id}/studies[/{study}]</c>): a
/// multipart/related body of application/dicom parts streamed from the files, never buffered.
/// </summary>
internal sealed class StowClient(TransferHttp http)
{
    public async Task<StowAnswer> StoreAsync(Guid dataset, string? study, StowBatch batch, Action<int> sent, CancellationToken cancellationToken)
    {
        var path = $"dicomweb/datasets/{dataset}/studies{(study is null ? "" : $"/{Uri.EscapeDataString(study)}")}";
        using var request = await http.RequestAsync(HttpMethod.Post, path, cancellationToken);
        request.Headers.Accept.ParseAdd("application/dicom+json");
        request.Content = Body(batch, sent);
        using var response = await http.SendAsync(request, cancellationToken);

        // 200 all stored, 202 some refused, 409 none stored: each answer lists what became of every instance.
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted
            || response.StatusCode == HttpStatusCode.Conflict && response.Content.Headers.ContentType?.MediaType == "application/dicom+json")
        {
            var warnings = response.Headers.TryGetValues("Warning", out var values) ? values : [];
            return StowAnswer.Parse(await response.Content.ReadAsStringAsync(cancellationToken), warnings);
        }

        await TransferHttp.EnsureAsync(response, $"storing {batch.Files[0].Name}…", cancellationToken, conflictIsTransient: false);
        throw new CliException(ExitCodes.Failure, $"storing {batch.Files[0].Name}…: the platform answered {(int)response.StatusCode}, which STOW-RS never answers");
    }

    private static MultipartContent Body(StowBatch batch, Action<int> sent)
    {
        var body = new MultipartContent("related", $"eucaim-{Guid.NewGuid():N}");
        body.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var file in batch.Files)
        {
            // Opened only when the body is written, so a request of many files holds one open at a time.
            var part = new StreamContent(new LazyFileStream(file.FullPath, sent), 256 * 1024);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            part.Headers.ContentLength = file.Length;
            body.Add(part);
        }

        return body;
    }
}
