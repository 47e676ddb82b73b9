using System.Text.RegularExpressions;
using Eucaim.Core.Contracts;
using Eucaim.Platform.Tests.Federation;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The federated search in a real browser, against nodes the test plays (the shared platform has no real
/// ones): rita counts with filters at two nodes and reads each node's table, a suppressed cell and the
/// totals; a silent node makes the result partial, and the page says so; a bad age range is refused next
/// to the field; filters no federated dataset matches give the empty state.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalFederationJourneyTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private static readonly CountPrivacy Privacy = new("laplace", 1.0, 3, 10);

    /// <summary>Long enough for a silent node's count time-out, which a partial result waits out.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 60_000 };

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Rita_counts_at_two_nodes_sees_suppressed_cells_and_totals_and_a_silent_node_flagged()
    {
        var platform = fixture.Platform;
        using var alba = await platform.CreateApiClientForAsync("alba");
        var (d1, d2) = (TestNode.FederatedSeedDatasets[0], TestNode.FederatedSeedDatasets[1]);
        using var a = await TestNode.RegisterAsync(platform, alba, d1);
        using var b = await TestNode.RegisterAsync(platform, alba, d2);
        TestNode? silent = null;
        try
        {
            var rita = await browser.NewPageAsync();
            var console = PortalChecks.RecordConsole(rita);
            await rita.GotoAsync(Portal.ToString());
            await PortalSignIn.AsAsync(rita, Portal, "rita");
            await Expect(rita.Locator("#federated-search-link")).ToBeVisibleAsync(); // beside the catalogue's filters
            await rita.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Federated search" }).ClickAsync();
            await Expect(rita.GetByRole(AriaRole.Heading, new() { Name = "Federated search", Level = 1 })).ToBeVisibleAsync();
            await PortalChecks.AssertAccessibleAsync(rita);

            // Two nodes answer: one a value and a suppressed cell, the other a suppressed cell and values.
            await rita.GotoAsync(new Uri(Portal, $"/federated-search?dataset={d1}&dataset={d2}").ToString());
            await Expect(rita.Locator("#only-datasets")).ToContainTextAsync("Only in");
            await rita.GetByLabel("Sex").SelectOptionAsync("F");
            await rita.GetByLabel("Youngest age (years)").FillAsync("40");
            await rita.GetByLabel("Oldest age (years)").FillAsync("80");
            await rita.GetByLabel("Modality").SelectOptionAsync("MR");
            using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                var answerA = a.AnswerNextAsync(id => new DatasetCounts(id, new(37, false), new(null, true), new(120, false)), Privacy, patience.Token);
                var answerB = b.AnswerNextAsync(id => new DatasetCounts(id, new(null, true), new(12, false), new(15, false)), Privacy, patience.Token);
                await rita.GetByRole(AriaRole.Button, new() { Name = "Count at the nodes" }).ClickAsync();
                Assert.Equal(new CountFilters("F", 40, 80, "MR", null, null), (await answerA).Filters);
                Assert.Equal([d2], (await answerB).Datasets);
            }

            await Expect(rita.Locator("#completeness")).ToHaveTextAsync("All 2 nodes answered.");
            await Expect(rita).ToHaveURLAsync(new Regex("/federated-search/[0-9a-f-]{36}$"));
            var nodeA = rita.Locator($"section[data-node='{a.Id}']");
            await Expect(nodeA.GetByRole(AriaRole.Heading)).ToContainTextAsync($"Hospital {a.Id}");
            await Expect(nodeA.Locator(".node-status")).ToHaveTextAsync(new Regex(@"^Answered, answered after [\d,]+ ms$"));
            await Expect(nodeA.Locator(".node-privacy")).ToHaveTextAsync("Laplace noise ε = 1, at most ±3, counts below 10 hidden");
            var rowA = nodeA.Locator($"tr[data-dataset='{d1}']");
            await Expect(rowA.Locator("td[data-count='subjects']")).ToHaveTextAsync("37");
            await Expect(rowA.Locator("td[data-count='studies']")).ToHaveTextAsync("< 10");
            await Expect(rowA.Locator("td[data-count='series']")).ToHaveTextAsync("120");
            await Expect(rowA.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/datasets/{d1}");
            await Expect(rita.Locator($"section[data-node='{b.Id}'] tr[data-dataset='{d2}'] td[data-count='subjects']")).ToHaveTextAsync("< 10");
            await Expect(rita.Locator("#totals td[data-count='subjects']")).ToHaveTextAsync("37 + 1 suppressed cell");
            await Expect(rita.Locator("#totals td[data-count='series']")).ToHaveTextAsync("135");
            await Expect(rita.Locator("#suppressed-meaning")).ToContainTextAsync("“< 10”: the node found fewer than 10");
            await Expect(rita.GetByLabel("Sex")).ToHaveValueAsync("F");
            await Expect(rita.GetByLabel("Youngest age (years)")).ToHaveValueAsync("40");
            await PortalChecks.AssertAccessibleAsync(rita);
            await PortalChecks.SaveScreenshotAsync(rita, "portal-federated-search.png");

            // A third node serves d1 and stays silent: from d1's page, the result is partial and says so.
            silent = await TestNode.RegisterAsync(platform, alba, d1);
            await rita.GotoAsync(new Uri(Portal, $"/datasets/{d1}").ToString());
            await PortalChecks.AssertAccessibleAsync(rita);
            await rita.GetByRole(AriaRole.Link, new() { Name = "Count its subjects, studies and series" }).ClickAsync();
            await Expect(rita.Locator("#only-datasets")).ToContainTextAsync("Only in");
            using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                var answered = a.AnswerNextAsync(id => new DatasetCounts(id, new(25, false), new(30, false), new(44, false)), Privacy, patience.Token);
                var asked = silent.NextQueryAsync(patience.Token);
                await rita.GetByRole(AriaRole.Button, new() { Name = "Count at the nodes" }).ClickAsync();
                await answered;
                Assert.Equal([d1], (await asked).Datasets);
            }

            await Expect(rita.Locator("#completeness")).ToContainTextAsync("Partial result", Patiently);
            await Expect(rita.Locator("#completeness-note")).ToContainTextAsync("1 of 2 nodes answered within");
            await Expect(rita.Locator("#completeness-note")).ToContainTextAsync($"{silent.Id} timed out");
            await Expect(rita.Locator($"section[data-node='{silent.Id}'] .node-status")).ToHaveTextAsync("Did not answer in time");
            await Expect(rita.Locator("#totals td[data-count='subjects']")).ToHaveTextAsync("25");
            await PortalChecks.AssertAccessibleAsync(rita);
            await PortalChecks.SaveScreenshotAsync(rita, "portal-federated-search-partial.png");

            // On a phone's width the filters fold above the result, and nothing is wider than the screen.
            await rita.SetViewportSizeAsync(390, 844);
            var wider = await rita.EvaluateAsync<string[]>(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement.closest('.table-scroll'))"
                + ".map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
            Assert.True(wider.Length == 0, "wider than a phone's screen: " + string.Join(", ", wider));
            await rita.SetViewportSizeAsync(1280, 900);

            // A bad age range, typed and sent from the keyboard: the API's message next to the field, what was typed kept.
            await rita.GetByLabel("Youngest age (years)").FillAsync("60");
            await rita.Keyboard.PressAsync("Tab");
            await Expect(rita.GetByLabel("Oldest age (years)")).ToBeFocusedAsync();
            await rita.Keyboard.TypeAsync("40");
            await rita.Keyboard.PressAsync("Enter");
            await Expect(rita.Locator("#ageMax-error")).ToHaveTextAsync("ageMax must not be below ageMin.");
            await Expect(rita.GetByLabel("Oldest age (years)")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(rita.GetByLabel("Oldest age (years)")).ToHaveValueAsync("40");
            await Expect(rita.GetByLabel("Youngest age (years)")).ToHaveValueAsync("60");
            await Expect(rita.GetByRole(AriaRole.Alert)).ToContainTextAsync("ageMax");
            await PortalChecks.AssertAccessibleAsync(rita);

            // A cancer type d1 does not have: no federated dataset matches, so no node is asked.
            await rita.GetByLabel("Youngest age (years)").FillAsync("");
            await rita.GetByLabel("Oldest age (years)").FillAsync("");
            var cancerTypes = await rita.Locator("#cancerType option").AllInnerTextsAsync();
            await rita.GetByLabel("Cancer type").SelectOptionAsync(cancerTypes.First(t => t.Contains("Lung", StringComparison.OrdinalIgnoreCase)));
            await rita.GetByRole(AriaRole.Button, new() { Name = "Count at the nodes" }).ClickAsync();
            await Expect(rita.Locator("#no-match")).ToContainTextAsync("No federated dataset matches these filters");
            await PortalChecks.AssertAccessibleAsync(rita);
            Assert.True(console.Count == 0, string.Join("\n", console));
        }
        finally
        {
            await FederatedSearchTests.RevokeAsync(alba, silent is null ? [a, b] : [a, b, silent]);
            silent?.Dispose();
        }
    }
}
