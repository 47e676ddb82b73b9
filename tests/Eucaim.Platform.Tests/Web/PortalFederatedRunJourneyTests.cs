using System.Net;
using System.Text.RegularExpressions;
using Eucaim.Core.Access;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Federation;
using Microsoft.Playwright;
using static Eucaim.Platform.Tests.Federation.TestNode;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// Federated runs and trainings in a real browser, against a node the test plays (the shared platform has no real
/// ones): rita submits a run from the form (first refused, the field named), the node takes it and answers a result,
/// and the run's page shows its metrics and released counts as they arrive; she submits a one-round training with a
/// quorum of one (first with a convergence rule, refused: one round has nothing to compare), the node contributes,
/// the hub's aggregator job runs in her tenant, and the training's page shows round 1 done with its loss and a link
/// to the job.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalFederatedRunJourneyTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private const string TrainingImage = "eucaim/federated-training:1.0";

    private static readonly Guid Dataset = SeedCatalogue.Read()
        .Where(d => d.DataSharing.Contains("ederated", StringComparison.Ordinal) && !DataHolderApprovalRule.Derive(d.TermsOfUse))
        .Select(d => SeedCatalogue.IdOf(d.DatasetKey)).Last();

    /// <summary>A node's poll, a report and the page's next refresh; for the training, the aggregator job too.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Patiently = new() { Timeout = 120_000 };

    private static readonly LocatorAssertionsToContainTextOptions PatientlyContains = new() { Timeout = 120_000 };

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Rita_submits_a_run_and_a_training_from_the_portal_and_follows_the_node_and_the_rounds()
    {
        var platform = fixture.Platform;
        await using var s = await FederatedRunScenario.StartAsync(platform, Dataset);
        using var node = await RegisterAsync(platform, s.Alba, Dataset);
        try
        {
            var rita = await browser.NewPageAsync();
            var console = PortalChecks.RecordConsole(rita);
            await rita.GotoAsync(Portal.ToString());
            await PortalSignIn.AsAsync(rita, Portal, "rita");
            var menu = rita.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

            // The runs' list from the menu, then the form for the scenario's tenant.
            await menu.GetByRole(AriaRole.Link, new() { Name = "Federated runs", Exact = true }).ClickAsync();
            await Expect(rita.GetByRole(AriaRole.Heading, new() { Name = "Federated runs", Level = 1 })).ToBeVisibleAsync();
            await PortalChecks.AssertAccessibleAsync(rita);
            await rita.GetByRole(AriaRole.Link, new() { Name = "Submit a federated run" }).ClickAsync();
            await rita.Locator("#tenant-choice").SelectOptionAsync(s.Tenant);
            await rita.GetByRole(AriaRole.Button, new() { Name = "Show its flavors and datasets" }).ClickAsync();
            await Expect(rita.Locator("input[name='tenant']")).ToHaveValueAsync(s.Tenant);
            await PortalChecks.AssertAccessibleAsync(rita);

            // No dataset chosen: the API's refusal, in words, next to the datasets; what was typed stays.
            await rita.GetByLabel("Image").SelectOptionAsync(FederatedRunScenario.ValidationImage);
            await rita.GetByLabel("Flavor").SelectOptionAsync(FederatedRunScenario.Flavor);
            await rita.GetByLabel("Accuracy").CheckAsync();
            await rita.GetByLabel("AUC").CheckAsync();
            await rita.GetByLabel("Counts the run returns").FillAsync("subjects, female");
            await rita.GetByLabel("Arguments").FillAsync("--age-threshold\n60");
            await rita.GetByRole(AriaRole.Button, new() { Name = "Submit the run" }).ClickAsync();
            await Expect(rita.Locator("#datasets-error")).ToContainTextAsync("datasets is required");
            await Expect(rita.GetByRole(AriaRole.Alert)).ToContainTextAsync("datasets");
            await Expect(rita.GetByLabel("Counts the run returns")).ToHaveValueAsync("subjects, female");
            await Expect(rita.GetByLabel("Accuracy")).ToBeCheckedAsync();
            await PortalChecks.AssertAccessibleAsync(rita);

            // The dataset chosen, the run goes to the node; the node takes it, runs it and answers its result.
            await rita.Locator($"input[name='dataset'][value='{Dataset}']").CheckAsync();
            await rita.GetByRole(AriaRole.Button, new() { Name = "Submit the run" }).ClickAsync();
            await Expect(rita.GetByRole(AriaRole.Status)).ToContainTextAsync("The run was submitted");
            await Expect(rita).ToHaveURLAsync(new Regex("/federated-runs/[0-9a-f-]{36}"));
            var runId = Guid.Parse(rita.Url.Split('?')[0].Split('/')[^1]);
            var part = rita.Locator($"section[data-node='{node.Id}']");
            await Expect(part.Locator(".node-state")).ToHaveTextAsync(new Regex("^(Waiting for the node to take it|Accepted by the node)$"));
            await PortalChecks.AssertAccessibleAsync(rita);

            using (var patience = new CancellationTokenSource(FederatedRunScenario.Patience))
            {
                RunRequest request;
                do
                {
                    request = await node.NextRunRequestAsync(patience.Token);
                }
                while (request.RunId != runId);

                Assert.Equal([Dataset], request.Datasets);
                Assert.Equal(["accuracy", "auc"], request.Schema.Metrics.Order()); // the form sends them in the vocabulary's order
                Assert.Equal(["subjects", "female"], request.Schema.Counts);
                Assert.Equal(["--age-threshold", "60"], request.Arguments);
                await ReadAsync(await node.SendAsync(FederationMessageKinds.RunUpdate, new RunUpdate(runId, RunUpdateState.Accepted, null)), HttpStatusCode.Accepted);
                await ReadAsync(await node.SendAsync(FederationMessageKinds.RunUpdate, new RunUpdate(runId, RunUpdateState.Running, null)), HttpStatusCode.Accepted);
                await Expect(part.Locator(".node-state")).ToHaveTextAsync("Running at the node", Patiently); // the page follows without a reload
                await ReadAsync(await node.SendAsync(FederationMessageKinds.RunResult, new RunResult(runId,
                    new Dictionary<string, double> { ["accuracy"] = 0.75, ["auc"] = 0.8125 },
                    new Dictionary<string, PrivateCount> { ["subjects"] = new(37, false), ["female"] = new(null, true) })), HttpStatusCode.Accepted);
            }

            await Expect(part.Locator(".node-state")).ToHaveTextAsync("Succeeded", Patiently);
            await Expect(rita.Locator("#federated-live")).ToHaveAttributeAsync("data-ended", "true");
            await Expect(part.Locator("tr[data-metric='accuracy'] td")).ToHaveTextAsync("0.75");
            await Expect(part.Locator("tr[data-metric='auc'] td")).ToHaveTextAsync("0.8125");
            await Expect(part.Locator("tr[data-count='subjects'] td")).ToHaveTextAsync("37");
            await Expect(part.Locator("tr[data-count='female'] td")).ToHaveTextAsync("< 10");
            await Expect(rita.Locator("#suppressed-meaning")).ToContainTextAsync("fewer than its small-cell threshold");
            await PortalChecks.AssertAccessibleAsync(rita);
            await part.Locator(".node-result").ScrollIntoViewIfNeededAsync(); // the picture shows the node's result
            await PortalChecks.SaveScreenshotAsync(rita, "portal-federated-run.png");

            // The run is in the list, newest first.
            await rita.GetByRole(AriaRole.Link, new() { Name = "Federated runs" }).First.ClickAsync();
            await Expect(rita.Locator("#runs tbody tr").First).ToHaveAttributeAsync("data-run", runId.ToString());
            await Expect(rita.Locator($"#runs tr[data-run='{runId}']")).ToContainTextAsync("1 succeeded");
            await PortalChecks.AssertAccessibleAsync(rita);

            // A one-round training with a quorum of one, from the form.
            await menu.GetByRole(AriaRole.Link, new() { Name = "Federated trainings", Exact = true }).ClickAsync();
            await Expect(rita.GetByRole(AriaRole.Heading, new() { Name = "Federated trainings", Level = 1 })).ToBeVisibleAsync();
            await PortalChecks.AssertAccessibleAsync(rita);
            await rita.GetByRole(AriaRole.Link, new() { Name = "Submit a federated training" }).ClickAsync();
            await rita.Locator("#tenant-choice").SelectOptionAsync(s.Tenant);
            await rita.GetByRole(AriaRole.Button, new() { Name = "Show its flavors and datasets" }).ClickAsync();
            await Expect(rita.Locator("input[name='tenant']")).ToHaveValueAsync(s.Tenant);
            await rita.GetByLabel("Image").SelectOptionAsync(TrainingImage);
            await rita.GetByLabel("Flavor").SelectOptionAsync(FederatedRunScenario.Flavor);
            await rita.Locator($"input[name='dataset'][value='{Dataset}']").CheckAsync();
            await rita.GetByLabel("Rounds").FillAsync("1");
            await rita.GetByLabel("Weight count").FillAsync("3");
            await Expect(rita.GetByLabel("Loss")).ToBeCheckedAsync();
            await Expect(rita.GetByLabel("Accuracy")).ToBeCheckedAsync();
            await rita.GetByLabel("Quorum").FillAsync("1");
            await rita.GetByLabel("Round minutes").FillAsync("10");

            // A convergence rule needs two rounds to compare: refused, the message next to it, what was chosen kept; then taken off.
            await rita.GetByLabel("Stop on convergence").SelectOptionAsync("loss");
            await rita.GetByLabel("Minimum improvement").FillAsync("0.01");
            await rita.GetByRole(AriaRole.Button, new() { Name = "Submit the training" }).ClickAsync();
            await Expect(rita.Locator("[id='convergence-error']")).ToContainTextAsync("at least 2 rounds");
            await Expect(rita.GetByLabel("Stop on convergence")).ToHaveValueAsync("loss");
            await Expect(rita.GetByLabel("Minimum improvement")).ToHaveValueAsync("0.01");
            await Expect(rita.GetByLabel("Rounds")).ToHaveValueAsync("1");
            await PortalChecks.AssertAccessibleAsync(rita);
            await rita.GetByLabel("Stop on convergence").SelectOptionAsync("");
            await rita.GetByLabel("Minimum improvement").FillAsync("");
            await PortalChecks.AssertAccessibleAsync(rita);
            await rita.GetByRole(AriaRole.Button, new() { Name = "Submit the training" }).ClickAsync();
            await Expect(rita.GetByRole(AriaRole.Status)).ToContainTextAsync("The training was submitted");
            await Expect(rita).ToHaveURLAsync(new Regex("/federated-trainings/[0-9a-f-]{36}"));
            var trainingId = Guid.Parse(rita.Url.Split('?')[0].Split('/')[^1]);
            await Expect(rita.Locator("#training-state")).ToContainTextAsync("Training: round 1 of 1");
            await PortalChecks.AssertAccessibleAsync(rita);

            using (var patience = new CancellationTokenSource(FederatedRunScenario.Patience))
            {
                TrainRequest request;
                do
                {
                    request = await node.NextAsync<TrainRequest>(FederationMessageKinds.TrainRequest, patience.Token);
                }
                while (request.TrainingId != trainingId);

                Assert.Equal(1, request.Round);
                Assert.Equal([0.0, 0.0, 0.0], request.GlobalWeights);
                await ReadAsync(await node.SendAsync(FederationMessageKinds.TrainUpdate, new TrainUpdate(trainingId, 1, RunUpdateState.Running, null)), HttpStatusCode.Accepted);
                await ReadAsync(await node.SendAsync(FederationMessageKinds.TrainResult,
                    new { trainingId, round = 1, weights = new[] { 0.5, -1, 2 }, samples = 25, metrics = new { loss = 0.6931, accuracy = 0.52 } }), HttpStatusCode.Accepted);
            }

            // The hub's aggregator job runs in rita's tenant; the page follows the round to its end.
            await Expect(rita.Locator("#training-state")).ToContainTextAsync("Succeeded", PatientlyContains);
            var round = rita.Locator("#rounds tr[data-round='1']");
            await Expect(round.Locator(".round-state")).ToHaveTextAsync("Done");
            await Expect(round.Locator("td[data-value='samples']")).ToHaveTextAsync("25");
            await Expect(round.Locator("td[data-metric='loss']")).ToHaveTextAsync("0.6931");
            await Expect(round.Locator("td[data-metric='accuracy']")).ToHaveTextAsync("0.52");
            await Expect(round.Locator("td[data-metric='auc']")).ToHaveTextAsync("—");
            var job = round.GetByRole(AriaRole.Link, new() { Name = "The round's aggregator job" });
            await Expect(job).ToHaveAttributeAsync("href", new Regex("^/jobs/[0-9a-f-]{36}$"));
            var nodePart = rita.Locator($"section.round-nodes[data-round='1'] tr[data-node='{node.Id}']");
            await Expect(nodePart.Locator(".node-state")).ToHaveTextAsync("Succeeded");
            await Expect(nodePart).ToContainTextAsync("25");
            await PortalChecks.AssertAccessibleAsync(rita);
            await PortalChecks.SaveScreenshotAsync(rita, "portal-federated-training.png");

            // The aggregator job's page, from the round.
            await job.ClickAsync();
            await Expect(rita.Locator("#job-status")).ToHaveTextAsync("Succeeded");
            await PortalChecks.AssertAccessibleAsync(rita);
            Assert.True(console.Count == 0, string.Join("\n", console));
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(s.Alba, node);
        }
    }
}
