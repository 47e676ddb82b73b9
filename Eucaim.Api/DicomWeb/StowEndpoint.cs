using System.Text.Json;
using Eucaim.Api.Platform;
using Eucaim.Core.Audit;
using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Ingest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Eucaim.Api.DicomWeb;

/// <summary>
/// STOW-RS (PS3.18 10.5): a multipart/related body of application/dicom parts, each stored into
/// the dataset's draft through the same checks as an uploaded file. The response lists stored
/// instances (ReferencedSOPSequence) and failures with their reason (FailedSOPSequence):
/// 200 when all were stored, 202 when some failed, 409 when none was stored.
/// </summary>
internal static class StowEndpoint
{
    // PS3.18 Table 10.5.3-1 / PS3.4 failure reasons.
    private const int ProcessingFailure = 0x0110;
    private const int CannotUnderstand = 0xC000;
    private const int StudyUidMismatch = 0xA900;

    public static async Task<IResult> StoreAsync(
        Guid id, string? study, HttpContext http, Caller caller, EucaimDbContext db, InstanceStore store, IAuditTrail audit, IOptions<DicomWebOptions> options,
        CancellationToken cancellationToken)
    {
        var (target, problem) = await DicomWebAccess.StoreTargetAsync(db, caller.Identity, id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Length == 0
            || !(HeaderUtilities.RemoveQuotes(contentType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value ?? "application/dicom")
                .Equals("application/dicom", StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem(title: "STOW-RS needs multipart/related; type=\"application/dicom\".",
                detail: "Send each instance as an application/dicom part of a multipart/related body with a boundary.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, extensions: new Dictionary<string, object?> { ["header"] = "Content-Type" });
        }

        var limits = options.Value;
        if (http.Request.ContentLength > limits.MaxStowBytes)
        {
            return TypedResults.Problem(title: "The STOW-RS request is too large.", detail: $"At most {limits.MaxStowBytes} bytes per request.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limits.MaxStowBytes;
        }

        var policy = await DicomWebAccess.PolicyAsync(db, id, cancellationToken);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!, http.Request.Body) { BodyLengthLimit = limits.MaxInstanceBytes };
        var stored = new List<(string? SopClass, string Sop)>();
        var failed = new List<(string? SopClass, string? Sop, int Reason, string Message)>();
        var part = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            part++;
            if (!(section.ContentType ?? "application/dicom").StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
            {
                failed.Add((null, null, CannotUnderstand, $"Part {part} is {section.ContentType}, not application/dicom."));
                continue;
            }

            byte[] content;
            using (var buffer = new MemoryStream())
            {
                await section.Body.CopyToAsync(buffer, cancellationToken);
                content = buffer.ToArray();
            }

            var outcome = await store.StoreAsync(id, target!.Version, policy, content, $"part {part}", null, cancellationToken);
            var record = outcome.Record;
            if (study is not null && record?.StudyInstanceUid is { } uid && uid != study)
            {
                failed.Add((record.SopClassUid, record.SopInstanceUid, StudyUidMismatch, $"Part {part} belongs to study {uid}, not {study}."));
            }
            else if (outcome.IsInVersion)
            {
                stored.Add((record!.SopClassUid, record.SopInstanceUid!));
            }
            else
            {
                var errors = outcome.Findings.Where(f => f.Severity == Eucaim.Dicom.DicomFindingSeverity.Error).Select(f => $"{f.Code}: {f.Message}");
                var reason = outcome.Findings.Any(f => f.Code == IngestFindings.NotDicom) ? CannotUnderstand : ProcessingFailure;
                failed.Add((record?.SopClassUid, record?.SopInstanceUid, reason, string.Join("; ", errors)));
            }
        }

        await audit.RecordAsync(
            IngestAudit.StowReceived(caller.Actor.Subject, id, target!.Version, stored.Count, failed.Count, http.Connection.RemoteIpAddress?.ToString()), cancellationToken);
        if (failed.Count > 0)
        {
            // The failure reasons in words, for people reading the response (the DICOM JSON carries the codes).
            http.Response.Headers["Warning"] = string.Join(", ", failed.Take(10).Select(f => $"299 eucaim \"{f.Message.Replace('"', '\'')}\""));
        }

        var status = failed.Count == 0 ? StatusCodes.Status200OK : stored.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status409Conflict;
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{DicomWebApi.Prefix}/{id}";
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/dicom+json";
        await http.Response.Body.WriteAsync(Response(stored, failed, baseUrl, study), cancellationToken);
        return Results.Empty;
    }

    private static byte[] Response(List<(string? SopClass, string Sop)> stored, List<(string? SopClass, string? Sop, int Reason, string Message)> failed, string baseUrl, string? study)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (study is not null)
            {
                DicomJsonWriter.String(w, "00081190", "UR", $"{baseUrl}/studies/{study}");
            }

            if (failed.Count > 0)
            {
                w.WriteStartObject("00081198");
                w.WriteString("vr", "SQ");
                w.WriteStartArray("Value");
                foreach (var f in failed)
                {
                    w.WriteStartObject();
                    DicomJsonWriter.String(w, "00081150", "UI", f.SopClass);
                    DicomJsonWriter.String(w, "00081155", "UI", f.Sop);
                    DicomJsonWriter.Number(w, "00081197", "US", f.Reason);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartObject("00081199");
            w.WriteString("vr", "SQ");
            w.WriteStartArray("Value");
            foreach (var s in stored)
            {
                w.WriteStartObject();
                DicomJsonWriter.String(w, "00081150", "UI", s.SopClass);
                DicomJsonWriter.String(w, "00081155", "UI", s.Sop);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
