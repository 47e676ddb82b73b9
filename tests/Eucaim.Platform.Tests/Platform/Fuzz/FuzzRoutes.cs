using System.Text.Json.Nodes;

namespace Eucaim.Platform.Tests.Platform.Fuzz;

/// <summary>
/// What the fuzz suite needs to know of each route of the OpenAPI document that the document does
/// not say: who may call it, and a valid-looking body whose fields are then broken one at a time
/// (so that a long <c>gpuType</c> reaches the code that stores it instead of failing on a missing
/// name). Every route must be listed here: a new route without an entry fails the suite.
/// </summary>
internal static class FuzzRoutes
{
    /// <summary>Which signed-in user calls a route besides the anonymous caller: the one whose role the route needs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Users = new Dictionary<string, string>
    {
        ["GET /.well-known/jwks.json"] = "rita",
        ["GET /api/access-requests"] = "rita",
        ["POST /api/access-requests"] = "rita",
        ["GET /api/access-requests/{id}"] = "rita",
        ["PUT /api/access-requests/{id}"] = "rita",
        ["GET /api/access-requests/{id}/comments"] = "rita",
        ["POST /api/access-requests/{id}/comments"] = "rita",
        ["POST /api/access-requests/{id}/decisions"] = "kai",
        ["POST /api/access-requests/{id}/request-changes"] = "kai",
        ["POST /api/access-requests/{id}/withdraw"] = "rita",
        ["GET /api/admin/test-clock"] = "alba",
        ["PUT /api/admin/test-clock"] = "alba",
        ["GET /api/audit"] = "alba",
        ["GET /api/audit/verify"] = "alba",
        ["GET /api/catalogue"] = "rita",
        ["GET /api/client-config"] = "rita",
        ["GET /api/datasets"] = "hugo",
        ["POST /api/datasets"] = "hugo",
        ["GET /api/datasets/mine"] = "hugo",
        ["DELETE /api/datasets/{id}"] = "hugo",
        ["GET /api/datasets/{id}"] = "hugo",
        ["GET /api/datasets/{id}/access-history"] = "hugo",
        ["GET /api/datasets/{id}/access-policy"] = "hugo",
        ["PUT /api/datasets/{id}/access-policy"] = "hugo",
        ["GET /api/datasets/{id}/draft"] = "hugo",
        ["PUT /api/datasets/{id}/draft"] = "hugo",
        ["GET /api/datasets/{id}/ingest-policy"] = "hugo",
        ["PUT /api/datasets/{id}/ingest-policy"] = "hugo",
        ["GET /api/datasets/{id}/ingests"] = "hugo",
        ["POST /api/datasets/{id}/ingests"] = "hugo",
        ["POST /api/datasets/{id}/invalidate"] = "hugo",
        ["POST /api/datasets/{id}/publish"] = "hugo",
        ["GET /api/datasets/{id}/versions"] = "hugo",
        ["GET /api/datasets/{id}/versions/{number}"] = "hugo",
        ["GET /api/exports"] = "rita",
        ["POST /api/exports"] = "rita",
        ["GET /api/exports/{id}"] = "rita",
        ["POST /api/exports/{id}/decision"] = "kai",
        ["GET /api/exports/{id}/files"] = "rita",
        ["GET /api/exports/{id}/files/{path}"] = "kai",
        ["GET /api/exports/{id}/links"] = "rita",
        ["GET /api/flavors"] = "alba",
        ["POST /api/flavors"] = "alba",
        ["DELETE /api/flavors/{name}"] = "alba",
        ["GET /api/flavors/{name}"] = "alba",
        ["PUT /api/flavors/{name}"] = "alba",
        ["POST /api/federation/counts"] = "rita",
        ["GET /api/federation/counts/{queryId}"] = "rita",
        ["GET /api/federation/runs"] = "rita",
        ["POST /api/federation/runs"] = "rita",
        ["GET /api/federation/runs/{id}"] = "rita",
        ["GET /api/federation/trainings"] = "rita",
        ["POST /api/federation/trainings"] = "rita",
        ["GET /api/federation/trainings/{id}"] = "rita",
        ["GET /api/federation/nodes"] = "alba",
        ["POST /api/federation/nodes"] = "alba",
        ["GET /api/federation/nodes/{id}"] = "alba",
        ["POST /api/federation/nodes/{id}/revoke"] = "alba",
        ["GET /api/ga4gh/passport"] = "rita",
        ["GET /api/grants"] = "rita",
        ["GET /api/grants/{id}"] = "rita",
        ["POST /api/grants/{id}/revoke"] = "kai",
        ["GET /api/ingests/{id}"] = "hugo",
        ["DELETE /api/ingests/{id}"] = "hugo",
        ["POST /api/ingests/{id}/complete"] = "hugo",
        ["GET /api/ingests/{id}/events"] = "hugo",
        ["GET /api/job-images"] = "alba",
        ["POST /api/job-images"] = "alba",
        ["DELETE /api/job-images/{reference}"] = "alba",
        ["GET /api/jobs"] = "rita",
        ["POST /api/jobs"] = "rita",
        ["GET /api/jobs/{id}"] = "rita",
        ["POST /api/jobs/{id}/cancel"] = "rita",
        ["GET /api/jobs/{id}/logs"] = "rita",
        ["GET /api/jobs/{id}/outputs"] = "rita",
        ["POST /api/jobs/{id}/staging/datasets"] = "rita",
        ["POST /api/jobs/{id}/staging/outputs"] = "rita",
        ["GET /api/me"] = "rita",
        ["GET /api/notifications"] = "rita",
        ["POST /api/notifications/{id}/read"] = "rita",
        ["GET /api/queue"] = "rita",
        ["GET /api/status"] = "rita",
        ["GET /api/tenants"] = "alba",
        ["POST /api/tenants"] = "alba",
        ["DELETE /api/tenants/{tenant}"] = "alba",
        ["GET /api/tenants/{tenant}"] = "alba",
        ["PUT /api/tenants/{tenant}"] = "alba",
        ["GET /api/tenants/{tenant}/events"] = "alba",
        ["GET /api/tenants/{tenant}/quota"] = "alba",
        ["POST /api/tenants/{tenant}/resume"] = "alba",
        ["POST /api/tenants/{tenant}/suspend"] = "alba",
        ["GET /api/tenants/{tenant}/usage"] = "alba",
        ["OPTIONS /api/uploads"] = "hugo",
        ["POST /api/uploads"] = "hugo",
        ["DELETE /api/uploads/{id}"] = "hugo",
        ["GET /api/uploads/{id}"] = "hugo",
        ["HEAD /api/uploads/{id}"] = "hugo",
        ["OPTIONS /api/uploads/{id}"] = "hugo",
        ["PATCH /api/uploads/{id}"] = "hugo",
        ["GET /api/users"] = "alba",
        ["GET /federation/key"] = "rita",
        ["POST /federation/link/messages"] = "rita",
        ["POST /federation/link/poll"] = "rita",
        ["GET /dicomweb/datasets/{id}/instances"] = "hugo",
        ["GET /dicomweb/datasets/{id}/series"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies"] = "hugo",
        ["POST /dicomweb/datasets/{id}/studies"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}"] = "hugo",
        ["POST /dicomweb/datasets/{id}/studies/{study}"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/instances"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/metadata"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/thumbnail"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/metadata"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/thumbnail"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}/metadata"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}/rendered"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}/thumbnail"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}/frames/{frames}"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered"] = "hugo",
        ["GET /dicomweb/datasets/{id}/studies/{study}/series/{series}/instances/{instance}/bulkdata/{path}"] = "hugo",
    };

    /// <summary>
    /// Query parameters a handler reads itself (so the document does not list them), fuzzed like the
    /// documented ones.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> UndocumentedQuery = new Dictionary<string, string[]>
    {
        ["GET /api/datasets"] = ["q", "modality", "cancerType", "bodyPart", "tier", "sharingMode", "sex", "organization", "minSubjects", "maxSubjects", "sort", "pageSize", "pageToken"],
        ["GET /dicomweb/datasets/{id}/studies"] = ["limit", "offset", "PatientID", "StudyDate", "includefield", "fuzzymatching"],
        ["GET /dicomweb/datasets/{id}/series"] = ["limit", "offset", "Modality", "SeriesInstanceUID"],
        ["GET /dicomweb/datasets/{id}/instances"] = ["limit", "offset", "SOPInstanceUID"],
    };

    /// <summary>A valid-looking body per write route that reads one; <paramref name="ids"/> are the fuzz run's own resources.</summary>
    public static JsonObject? BaseBody(string route, FuzzIds ids) => route switch
    {
        "POST /api/access-requests" => new JsonObject
        {
            ["title"] = "Fuzz request",
            ["purpose"] = "Find out how the platform takes broken input.",
            ["intendedUse"] = "Robustness testing.",
            ["tenant"] = "tenant-a",
            ["datasets"] = new JsonArray(new JsonObject { ["datasetId"] = ids.PublishedDataset.ToString() }),
            ["duoCodes"] = new JsonArray("DUO:0000042"),
            ["requestedDays"] = 30,
        },
        "PUT /api/access-requests/{id}" => new JsonObject
        {
            ["title"] = "Fuzz request",
            ["purpose"] = "Find out how the platform takes broken input.",
            ["intendedUse"] = "Robustness testing.",
            ["duoCodes"] = new JsonArray("DUO:0000042"),
            ["requestedDays"] = 30,
        },
        "POST /api/access-requests/{id}/comments" or "POST /api/access-requests/{id}/request-changes" => new JsonObject { ["body"] = "A comment." },
        "POST /api/access-requests/{id}/decisions" => new JsonObject
        {
            ["decision"] = "approve",
            ["comment"] = "Fine.",
            ["conditions"] = "None.",
            ["as"] = "committee",
            ["datasetId"] = ids.PublishedDataset.ToString(),
            ["validUntil"] = "2030-01-01T00:00:00Z",
        },
        // Never a valid offset: the clock is shared with the other tests of the run.
        "PUT /api/admin/test-clock" => new JsonObject { ["offsetSeconds"] = -1 },
        "POST /api/datasets" or "PUT /api/datasets/{id}/draft" => Metadata(),
        "PUT /api/datasets/{id}/access-policy" => new JsonObject { ["requiresDataHolderApproval"] = true },
        "PUT /api/datasets/{id}/ingest-policy" => new JsonObject { ["mode"] = "deidentify", ["retainUids"] = false, ["dateShiftRangeDays"] = 10 },
        "POST /api/datasets/{id}/invalidate" => new JsonObject { ["reason"] = "Fuzzing." },
        "POST /api/exports" => new JsonObject
        {
            ["jobId"] = Guid.NewGuid().ToString(),
            ["files"] = new JsonArray("result.csv"),
            ["justification"] = "Aggregated results.",
        },
        "POST /api/exports/{id}/decision" => new JsonObject { ["decision"] = "approve", ["note"] = "Fine." },
        "POST /api/flavors" or "PUT /api/flavors/{name}" => new JsonObject
        {
            ["name"] = ids.Flavor,
            ["description"] = "A flavor of the fuzz suite.",
            ["cpuMillicores"] = 1000,
            ["memoryMib"] = 2048,
            ["gpuCount"] = 1,
            ["gpuType"] = "NVIDIA-A100-SXM4-80GB",
            ["nodeSelector"] = new JsonArray("nvidia.com/gpu.present=true"),
            ["tolerations"] = new JsonArray("nvidia.com/gpu:NoSchedule"),
            ["maxRuntimeMinutes"] = 60,
            ["ephemeralStorageGib"] = 10,
            ["sharedMemoryMib"] = 64,
            ["runtimeClassName"] = "nvidia",
        },
        "POST /api/federation/counts" => new JsonObject
        {
            ["sex"] = "F",
            ["ageMin"] = 40,
            ["ageMax"] = 80,
            ["cancerType"] = "Prostate Cancer",
            ["modality"] = "MR",
            ["bodyPart"] = "PROSTATE",
            ["manufacturer"] = "SIEMENS",
            ["tier"] = "3",
            ["datasets"] = new JsonArray(),
        },
        "POST /api/federation/runs" => new JsonObject
        {
            ["tenant"] = "tenant-a",
            ["image"] = ids.JobImage,
            ["flavor"] = ids.Flavor,
            ["datasets"] = new JsonArray(ids.PublishedDataset.ToString()),
            ["metrics"] = new JsonArray("accuracy", "auc"),
            ["counts"] = new JsonArray("subjects"),
            ["arguments"] = new JsonArray("--age-threshold", "60"),
        },
        "POST /api/federation/trainings" => new JsonObject
        {
            ["tenant"] = "tenant-a",
            ["image"] = ids.JobImage,
            ["flavor"] = ids.Flavor,
            ["datasets"] = new JsonArray(ids.PublishedDataset.ToString()),
            ["rounds"] = 3,
            ["weightCount"] = 3,
            ["metrics"] = new JsonArray("loss", "accuracy"),
            ["initialWeights"] = new JsonArray(0.0, 0.0, 0.0),
            ["quorum"] = 1,
            ["roundMinutes"] = 5,
            ["arguments"] = new JsonArray("--epochs", "10"),
        },
        "POST /api/federation/nodes" => new JsonObject
        {
            ["id"] = "fuzz-node",
            ["organisation"] = "Hospital of the fuzz suite",
            ["publicKey"] = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
            ["datasets"] = new JsonArray(ids.PublishedDataset.ToString()),
        },
        // The link reads a compact JWS, not JSON: a JSON body is refused as such, whatever its fields.
        "POST /federation/link/poll" or "POST /federation/link/messages" => new JsonObject { ["jws"] = "a.b.c" },
        "POST /api/grants/{id}/revoke" => new JsonObject { ["reason"] = "Fuzzing." },
        "POST /api/job-images" => new JsonObject
        {
            ["reference"] = "registry.example.org/fuzz/image:1",
            ["digest"] = "sha256:" + new string('a', 64),
            ["description"] = "An image of the fuzz suite.",
        },
        "POST /api/jobs" => new JsonObject
        {
            ["tenant"] = "tenant-a",
            ["name"] = "fuzz",
            ["image"] = ids.JobImage,
            ["flavor"] = ids.Flavor,
            ["datasets"] = new JsonArray(),
            ["command"] = new JsonArray("echo"),
            ["arguments"] = new JsonArray("hello"),
            ["environment"] = new JsonObject { ["MODE"] = "fuzz" },
            ["dryRun"] = true,
            ["maxRuntimeMinutes"] = 10,
        },
        "POST /api/tenants" => new JsonObject
        {
            ["slug"] = "fuzz-made",
            ["name"] = "Made by the fuzz suite",
            ["lsLoginGroup"] = "urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu:tenants:fuzz-made#aai.lifescience-ri.eu",
            ["quota"] = Quota(),
            ["allowedFlavors"] = new JsonArray(),
            ["members"] = new JsonArray(),
        },
        "PUT /api/tenants/{tenant}" => new JsonObject
        {
            ["name"] = "Fuzz tenant",
            ["lsLoginGroup"] = $"urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu:tenants:{ids.Tenant}#aai.lifescience-ri.eu",
            ["quota"] = Quota(),
            ["allowedFlavors"] = new JsonArray(),
            ["members"] = new JsonArray(),
        },
        _ => null,
    };

    public static JsonObject Quota() => new()
    {
        ["gpus"] = 1,
        ["cpuCores"] = 4,
        ["memoryGib"] = 8,
        ["storageGib"] = 10,
        ["concurrentJobs"] = 1,
        ["maxJobRuntimeMinutes"] = 60,
        ["scratchGib"] = 5,
    };

    private static JsonObject Metadata() =>
        System.Text.Json.JsonSerializer.SerializeToNode(Catalogue.CatalogueApi.Metadata("Fuzz dataset", Ingest.IngestRequests.Hm))!.AsObject();
}

/// <summary>The fuzz run's own resources, so that valid path values reach the handlers without touching other tests' data.</summary>
internal sealed record FuzzIds(Guid Dataset, Guid PublishedDataset, Guid Upload, string Tenant, string Flavor, string JobImage);
