using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Eucaim.Platform.Tests.Jobs;
using static Eucaim.Platform.Tests.Tenants.TenantRequests;

namespace Eucaim.Platform.Tests.Exports;

/// <summary>
/// The airlock's screening on the real stack: the sample job's <c>leaky</c> mode writes a copy of a
/// DICOM instance named <c>.txt</c>, a CSV of the dataset's patient IDs and a table of counts of 3
/// from real DICOM files; the request shows each as a blocking finding to the reviewer, who cannot
/// approve without an override, which the audit trail records.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AirlockScreeningTests(PlatformFixture fixture)
{
    private const string Justification = "Per-patient volumes for the paper's supplementary table, as agreed with the committee.";

    [Fact]
    public async Task Outputs_that_disclose_patients_are_flagged_by_content_and_approving_them_needs_an_audited_override()
    {
        await using var s = await JobScenario.StartAsync(fixture, instances: 3);
        var id = (await s.SubmitAsync(s.SampleJob("leaky", arguments: ["leaky"]))).GetProperty("id").GetGuid();
        var job = await JobScenario.WaitForAsync(s.Rita, id, j => j.GetProperty("logsArchived").GetBoolean());
        Assert.Equal("Succeeded", JobScenario.Status(job));

        var export = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/exports", new
        {
            jobId = id,
            files = new[] { "instance-copy.txt", "patients.csv", "counts.csv", "summary.json" },
            justification = Justification,
        }), HttpStatusCode.Created);
        var exportId = export.GetProperty("id").GetGuid();
        Assert.Equal("Pending", export.GetProperty("status").GetString());
        Assert.True(export.GetProperty("hasBlockingFindings").GetBoolean());

        // The reviewer reads the same findings.
        var reviewed = await ReadAsync(await s.Kai.GetAsync($"/api/exports/{exportId}"), HttpStatusCode.OK);
        var findings = reviewed.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(export.GetProperty("findings").GetArrayLength(), findings.Count);
        var dicom = Finding(findings, "instance-copy.txt", "dicom-file");
        Assert.Equal("blocking", dicom.GetProperty("severity").GetString());
        Assert.Contains("recognised by its content", dicom.GetProperty("message").GetString(), StringComparison.Ordinal);
        var patient = Finding(findings, "patients.csv", "patient-id");
        Assert.Equal("blocking", patient.GetProperty("severity").GetString());
        Assert.Equal(2, patient.GetProperty("line").GetInt64());
        Assert.Equal("warning", Finding(findings, "patients.csv", "study-instance-uid").GetProperty("severity").GetString());
        var smallCell = Finding(findings, "counts.csv", "small-cell");
        Assert.Equal("blocking", smallCell.GetProperty("severity").GetString());
        Assert.Contains("threshold of 5", smallCell.GetProperty("message").GetString(), StringComparison.Ordinal);
        // The summary names its series: a warning, nothing that blocks.
        Assert.Equal("warning", Finding(findings, "summary.json", "series-instance-uid").GetProperty("severity").GetString());
        Assert.DoesNotContain(findings, f => f.GetProperty("file").GetString() == "summary.json" && f.GetProperty("severity").GetString() == "blocking");
        Assert.DoesNotContain(findings, f => f.GetProperty("file").GetString() == "instance-copy.txt" && f.GetProperty("code").GetString() != "dicom-file");

        // Approving as is: refused, and the problem names each blocking finding.
        var refused = await s.Kai.PostAsJsonAsync($"/api/exports/{exportId}/decision", new { decision = "approve", note = "Looks fine." });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("blocking-findings", problem.GetProperty("rule").GetString());
        Assert.True(problem.TryGetProperty("type", out _));
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("instance-copy.txt: dicom-file", detail, StringComparison.Ordinal);
        Assert.Contains("patients.csv: patient-id", detail, StringComparison.Ordinal);
        Assert.Contains("counts.csv: small-cell", detail, StringComparison.Ordinal);
        Assert.Equal(3, problem.GetProperty("findings").GetArrayLength());
        Assert.Equal("Pending", (await ReadAsync(await s.Kai.GetAsync($"/api/exports/{exportId}"), HttpStatusCode.OK)).GetProperty("status").GetString());

        // An override must say why.
        var vague = await s.Kai.PostAsJsonAsync($"/api/exports/{exportId}/decision", new { decision = "approve", overrideJustification = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, vague.StatusCode);
        Assert.Equal("override-justification-required", (await vague.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString());

        const string why = "The committee accepts the risk: pseudonymised IDs and the copy stay within the consortium's enclave.";
        var approved = await ReadAsync(await s.Kai.PostAsJsonAsync($"/api/exports/{exportId}/decision",
            new { decision = "approve", note = "Released under override.", overrideJustification = why }), HttpStatusCode.OK);
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.Equal(why, approved.GetProperty("overrideJustification").GetString());

        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        var entries = (await ReadAsync(await alba.GetAsync($"/api/audit?action=export.decided&tenant={s.TenantA}&limit=10"), HttpStatusCode.OK)).GetProperty("entries");
        var decided = Assert.Single(entries.EnumerateArray(), e => e.GetProperty("targetId").GetString() == exportId.ToString());
        var details = decided.GetProperty("details");
        Assert.Equal("approved", details.GetProperty("decision").GetString());
        Assert.Equal("true", details.GetProperty("override").GetString());
        Assert.Equal(why, details.GetProperty("overrideJustification").GetString());
        var overridden = details.GetProperty("overriddenFindings").GetString()!;
        Assert.Contains("instance-copy.txt: dicom-file (blocking)", overridden, StringComparison.Ordinal);
        Assert.Contains("patients.csv: patient-id (blocking)", overridden, StringComparison.Ordinal);
        Assert.Contains("counts.csv: small-cell (blocking)", overridden, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", overridden, StringComparison.Ordinal);

        // The data holder lowers the dataset's threshold below 3: the same table no longer blocks.
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var policy = await ReadAsync(await hugo.PutAsJsonAsync($"/api/datasets/{s.DatasetId}/access-policy",
            new { requiresDataHolderApproval = false, smallCellThreshold = 3 }), HttpStatusCode.OK);
        Assert.Equal(3, policy.GetProperty("smallCellThreshold").GetInt32());
        var again = await ReadAsync(await s.Rita.PostAsJsonAsync("/api/exports", new { jobId = id, files = new[] { "counts.csv" }, justification = Justification }), HttpStatusCode.Created);
        Assert.Empty(again.GetProperty("findings").EnumerateArray());
        Assert.False(again.GetProperty("hasBlockingFindings").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Kai.PostAsJsonAsync($"/api/exports/{again.GetProperty("id").GetGuid()}/decision",
            new { decision = "approve", overrideJustification = why })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hugo.PutAsJsonAsync($"/api/datasets/{s.DatasetId}/access-policy",
            new { requiresDataHolderApproval = false, smallCellThreshold = 0 })).StatusCode);
    }

    private static JsonElement Finding(List<JsonElement> findings, string file, string code) =>
        Assert.Single(findings, f => f.GetProperty("file").GetString() == file && f.GetProperty("code").GetString() == code);
}
