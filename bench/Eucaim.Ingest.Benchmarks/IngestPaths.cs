using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Eucaim.Ingest.Benchmarks;

/// <summary>
/// The ways a series gets in, each timed from the first byte sent to every instance indexed and visible:
/// Eucaim through tus (one zip) and through STOW-RS (n instances per request), Orthanc through <c>POST /instances</c>.
/// Each returns what it saw along the way, for the progress line.
/// </summary>
internal static class IngestPaths
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);

    // Polls cost the API and PostgreSQL CPU that is counted against the path: a few per second is enough.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Ingest session, tus creation, one PATCH of the whole zip, complete, then wait for the report and for QIDO to list every instance.</summary>
    public static async Task<string> TusZipAsync(HttpClient api, Guid dataset, SeriesUnderTest series, Stopwatch watch)
    {
        var session = await Platform.OpenSessionAsync(api, dataset);
        var location = await Platform.CreateUploadAsync(api, dataset, series.Zip.Length, session, "series.zip");
        using (var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(series.Zip) })
        {
            request.Headers.Add("Tus-Resumable", "1.0.0");
            request.Headers.Add("Upload-Offset", "0");
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
            await Platform.ExpectAsync(await api.SendAsync(request), HttpStatusCode.NoContent, "tus PATCH");
        }

        var uploaded = watch.Elapsed;
        await Platform.ExpectAsync(await api.PostAsync($"/api/ingests/{session}/complete", null), HttpStatusCode.Accepted, HttpStatusCode.OK, "ingest complete");
        JsonElement view;
        while (true)
        {
            view = JsonDocument.Parse(await api.GetStringAsync($"/api/ingests/{session}")).RootElement;
            if (view.GetProperty("state").GetString() is "completed" or "failed")
            {
                break;
            }

            Wait(watch, "the ingest report");
            await Task.Delay(PollInterval);
        }

        var reported = watch.Elapsed;
        var stored = view.GetProperty("report").GetProperty("files").GetProperty("stored").GetInt32();
        if (stored != series.Files.Count)
        {
            throw new InvalidOperationException($"The ingest stored {stored} of {series.Files.Count} instances: {view}");
        }

        await Platform.WaitUntilListedAsync(api, dataset, series.Files.Count, watch);
        return $"uploaded {uploaded.TotalSeconds:F1} s, report {reported.TotalSeconds:F1} s, QIDO {watch.Elapsed.TotalSeconds:F1} s";
    }

    /// <summary>STOW-RS, <paramref name="perRequest"/> instances per multipart body, <paramref name="clients"/> requests at a time.</summary>
    public static async Task<string> StowAsync(HttpClient api, Guid dataset, SeriesUnderTest series, int perRequest, int clients, Stopwatch watch)
    {
        var requests = (series.Files.Count + perRequest - 1) / perRequest;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var batch = Interlocked.Increment(ref next); batch < requests; batch = Interlocked.Increment(ref next))
            {
                using var content = new MultipartContent("related", $"bench-{Guid.NewGuid():N}");
                content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
                foreach (var file in series.Files.Skip(batch * perRequest).Take(perRequest))
                {
                    var part = new ByteArrayContent(file);
                    part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
                    content.Add(part);
                }

                await Platform.ExpectAsync(await api.PostAsync($"/dicomweb/datasets/{dataset}/studies", content), HttpStatusCode.OK, "STOW-RS");
            }
        }));

        var answered = watch.Elapsed;
        await Platform.WaitUntilListedAsync(api, dataset, series.Files.Count, watch);
        return $"{requests} requests answered {answered.TotalSeconds:F1} s, QIDO {watch.Elapsed.TotalSeconds:F1} s";
    }

    /// <summary>
    /// Orthanc's REST <c>POST /instances</c>, one file per request (it answers once the instance is stored and indexed).
    /// Orthanc 1.10 answers 500 (OrthancStatus 2001) when two requests create the same new storage folder at once;
    /// such a request is sent again, as its client would, and counted.
    /// </summary>
    public static async Task<string> OrthancAsync(OrthancServer orthanc, SeriesUnderTest series, int clients, Stopwatch watch)
    {
        var next = -1;
        var resent = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var index = Interlocked.Increment(ref next); index < series.Files.Count; index = Interlocked.Increment(ref next))
            {
                for (var attempt = 1; ; attempt++)
                {
                    using var content = new ByteArrayContent(series.Files[index]);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
                    var response = await orthanc.Client.PostAsync("instances", content);
                    var body = await response.Content.ReadAsStringAsync();
                    var answer = JsonDocument.Parse(body).RootElement;
                    if (response.IsSuccessStatusCode && answer.GetProperty("Status").GetString() == "Success")
                    {
                        break;
                    }

                    if (attempt < 3 && answer.TryGetProperty("OrthancStatus", out var code) && code.GetInt32() == FolderRace)
                    {
                        Interlocked.Increment(ref resent);
                        continue;
                    }

                    throw new InvalidOperationException($"Orthanc POST /instances: {(int)response.StatusCode} {body}");
                }
            }
        }));

        var count = await orthanc.InstanceCountAsync();
        var again = resent == 0 ? "" : $", {resent} sent again after Orthanc's storage-folder race";
        return count == series.Files.Count
            ? $"{series.Files.Count} requests, {count} instances listed {watch.Elapsed.TotalSeconds:F1} s{again}"
            : throw new InvalidOperationException($"Orthanc lists {count} instances after storing {series.Files.Count}.");
    }

    /// <summary>OrthancStatus of "Unable to create a subdirectory or a file in the file storage".</summary>
    private const int FolderRace = 2001;

    private static void Wait(Stopwatch watch, string what)
    {
        if (watch.Elapsed > Patience)
        {
            throw new TimeoutException($"Gave up waiting for {what} after {Patience.TotalMinutes:F0} minutes.");
        }
    }

    /// <summary>The platform's HTTP calls the paths share.</summary>
    internal static class Platform
    {
        public static async Task<Guid> CreateDatasetAsync(HttpClient api)
        {
            var response = await api.PostAsync("/api/datasets", new StringContent(JsonSerializer.Serialize(new
            {
                organization = "HM Hospitales", name = $"Ingest benchmark {Guid.NewGuid():N}", description = "Synthetic CT for the ingest benchmark.",
                cancerType = "Lung cancer", modalities = new[] { "CT" }, sex = "Male", subjects = 1, tier = "1", sharingMode = "central-repository",
            }), Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.Created
                ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()
                : throw new InvalidOperationException($"creating the dataset: {(int)response.StatusCode} {body}");
        }

        public static async Task<Guid> OpenSessionAsync(HttpClient api, Guid dataset)
        {
            using var response = await api.PostAsync($"/api/datasets/{dataset}/ingests", null);
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.Created
                ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid()
                : throw new InvalidOperationException($"opening an ingest session: {(int)response.StatusCode} {body}");
        }

        public static async Task<string> CreateUploadAsync(HttpClient api, Guid dataset, long length, Guid session, string filename)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads");
            request.Headers.Add("Tus-Resumable", "1.0.0");
            request.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
            string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
            request.Headers.Add("Upload-Metadata", $"dataset {B64(dataset.ToString())},ingest {B64(session.ToString())},filename {B64(filename)}");
            var response = await api.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Created
                ? response.Headers.Location!.ToString()
                : throw new InvalidOperationException($"tus creation: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        /// <summary>Polls QIDO-RS until the dataset lists <paramref name="count"/> instances: one result at offset count − 1.</summary>
        public static async Task WaitUntilListedAsync(HttpClient api, Guid dataset, int count, Stopwatch watch)
        {
            while (true)
            {
                using var response = await api.GetAsync($"/dicomweb/datasets/{dataset}/instances?limit=1&offset={count - 1}");
                if (response.StatusCode == HttpStatusCode.OK
                    && JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetArrayLength() > 0)
                {
                    return;
                }

                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent))
                {
                    throw new InvalidOperationException($"QIDO-RS instances: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                Wait(watch, $"QIDO-RS to list {count} instances");
                await Task.Delay(PollInterval);
            }
        }

        public static Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what) => ExpectAsync(response, expected, expected, what);

        public static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, HttpStatusCode alternative, string what)
        {
            using (response)
            {
                if (response.StatusCode != expected && response.StatusCode != alternative)
                {
                    throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
    }
}
