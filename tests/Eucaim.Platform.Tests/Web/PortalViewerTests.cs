using System.Buffers.Binary;
using System.Net;
using System.Numerics;
using Eucaim.Dicom;
using Eucaim.Platform.Tests.Catalogue;
using Eucaim.Platform.Tests.DicomWeb;
using Eucaim.Platform.Tests.Ingest;
using Eucaim.Platform.Tests.Tenants;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Eucaim.Platform.Tests.Web;

/// <summary>
/// The series viewer in a real browser: hugo opens a CT series of his published dataset from its page,
/// scrolls through it with the wheel and the keys and changes the window; a compressed series is named as
/// one the browser cannot show; rita, whose tenant holds no grant, is told she may not view it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalViewerTests(PlatformFixture fixture, Browser browser) : IClassFixture<Browser>
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";
    private const int Slices = 5;

    // The canvas as the person sees it: how many grey levels it shows, and a digest of its pixels.
    private const string CanvasDigest = """
        () => {
          const c = document.getElementById('viewer-canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          const levels = new Set();
          let hash = 0;
          for (let i = 0; i < d.length; i += 4) { levels.add(d[i]); hash = (hash * 31 + d[i]) >>> 0; }
          return { Levels: levels.size, Hash: hash, Width: c.width };
        }
        """;

    private Uri Portal => fixture.Platform.App.GetEndpoint("web", "http");

    [Fact]
    public async Task Hugo_scrolls_a_ct_series_and_changes_its_window_and_a_researcher_without_a_grant_is_refused()
    {
        using var alba = await fixture.Platform.CreateApiClientForAsync("alba");
        await TenantRequests.EnsureTenantAsync(alba, "tenant-a");
        using var hugo = await fixture.Platform.CreateApiClientForAsync("hugo");
        var dataset = await IngestRequests.CreateDraftAsync(hugo, $"Viewer {Guid.NewGuid():N}");
        try
        {
            var (study, series) = (NewUid(), NewUid());
            var rle = await File.ReadAllBytesAsync(Corpus + "MR_small_RLE.dcm");
            var stow = await hugo.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/dicomweb/datasets/{dataset}/studies")
            {
                Content = DicomWebRoundTripTests.Multipart([.. CtSeries(study, series), rle]),
            });
            Assert.True(stow.StatusCode == HttpStatusCode.OK, $"STOW-RS → {(int)stow.StatusCode}: {await stow.Content.ReadAsStringAsync()}");
            await CatalogueApi.ReadAsync(await CatalogueApi.SendAsync(hugo, HttpMethod.Post, $"/api/datasets/{dataset}/publish"), HttpStatusCode.OK);

            // hugo: dataset page → its series → the CT series.
            var page = await browser.NewPageAsync();
            await page.GotoAsync(Portal.ToString());
            await PortalSignIn.AsAsync(page, Portal, "hugo");
            var console = PortalChecks.RecordConsole(page);
            await page.GotoAsync(new Uri(Portal, $"/datasets/{dataset}").ToString());
            await page.GetByRole(AriaRole.Link, new() { Name = "Series and images" }).ClickAsync();
            await Expect(page.Locator("#series-list tbody tr")).ToHaveCountAsync(2);
            await PortalChecks.AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "View series Axial CT (viewer test)" }).ClickAsync();

            var canvas = page.Locator("#viewer-canvas");
            var sliceNumber = page.Locator("#viewer-slice-number");
            await Expect(canvas).ToHaveAttributeAsync("data-slice", "1");
            await Expect(sliceNumber).ToHaveTextAsync($"Slice 1 of {Slices}");
            var first = await page.EvaluateAsync<Digest>(CanvasDigest);
            Assert.Equal(128, first.Width);
            Assert.True(first.Levels > 50, $"the first slice shows {first.Levels} grey level(s)");

            // The wheel over the image: the next slice, another image.
            await canvas.HoverAsync();
            await page.Mouse.WheelAsync(0, 120);
            await Expect(sliceNumber).ToHaveTextAsync($"Slice 2 of {Slices}");
            await Expect(page.GetByLabel("Slice", new() { Exact = true })).ToHaveValueAsync("2");
            await Expect(canvas).ToHaveAttributeAsync("data-slice", "2");
            var second = await page.EvaluateAsync<Digest>(CanvasDigest);
            Assert.NotEqual(first.Hash, second.Hash);

            // The keys, on the focused image: Page Down goes 10 on (stopping at the last), the arrow one back.
            await canvas.FocusAsync();
            await page.Keyboard.PressAsync("PageDown");
            await Expect(sliceNumber).ToHaveTextAsync($"Slice {Slices} of {Slices}");
            await page.Keyboard.PressAsync("ArrowUp");
            await Expect(canvas).ToHaveAttributeAsync("data-slice", $"{Slices - 1}");

            // A preset changes the window and the image; so does dragging across it.
            var before = await page.EvaluateAsync<Digest>(CanvasDigest);
            await page.GetByRole(AriaRole.Button, new() { Name = "Bone" }).ClickAsync();
            await Expect(page.GetByLabel("Centre (level)")).ToHaveValueAsync("400");
            await Expect(page.GetByLabel("Width")).ToHaveValueAsync("1800");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bone" })).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(canvas).ToHaveAttributeAsync("data-window", "400/1800");
            var bone = await page.EvaluateAsync<Digest>(CanvasDigest);
            Assert.NotEqual(before.Hash, bone.Hash);

            var box = (await canvas.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + (box.Width / 2) - 60, box.Y + (box.Height / 2) - 40, new() { Steps = 4 });
            await page.Mouse.UpAsync();
            await Expect(page.GetByLabel("Width")).Not.ToHaveValueAsync("1800");
            await Expect(canvas).Not.ToHaveAttributeAsync("data-window", "400/1800");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bone" })).ToHaveAttributeAsync("aria-pressed", "false");

            await page.GetByLabel("Centre (level)").FillAsync("40");
            await page.GetByLabel("Width").FillAsync("400");
            await Expect(canvas).ToHaveAttributeAsync("data-window", "40/400");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Soft tissue" })).ToHaveAttributeAsync("aria-pressed", "true");
            await canvas.FocusAsync();
            await page.Keyboard.PressAsync("Home");
            await Expect(canvas).ToHaveAttributeAsync("data-slice", "1");
            await PortalChecks.AssertAccessibleAsync(page);
            await PortalChecks.SaveScreenshotAsync(page, "portal-viewer.png");
            Assert.True(console.Count == 0, string.Join("\n", console));

            // The MR series is stored RLE-compressed, which the API does not decode (406): the page says so.
            await page.GotoAsync(new Uri(Portal, $"/datasets/{dataset}/series").ToString());
            await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "MR" }).GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync();
            await Expect(page.Locator("#viewer-problem")).ToContainTextAsync("This series cannot be shown in the browser.");
            await Expect(page.Locator("#viewer-problem")).ToContainTextAsync("stored compressed");
            await PortalChecks.AssertAccessibleAsync(page);

            // rita: her tenant holds no grant for the dataset, so the API answers as if it did not exist.
            var rita = await browser.NewPageAsync();
            var ritaConsole = PortalChecks.RecordConsole(rita);
            await rita.GotoAsync(Portal.ToString());
            await PortalSignIn.AsAsync(rita, Portal, "rita");
            await rita.GotoAsync(new Uri(Portal, $"/datasets/{dataset}/studies/{study}/series/{series}").ToString());
            await Expect(rita.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
            await Expect(rita.Locator("#imaging-refusal-hint")).ToContainTextAsync("active access grant");
            await Expect(rita.Locator("#imaging-refusal-hint a")).ToHaveAttributeAsync("href", $"/datasets/{dataset}");
            await Expect(rita.Locator("#viewer-canvas")).ToHaveCountAsync(0);
            await PortalChecks.AssertAccessibleAsync(rita);
            await rita.GotoAsync(new Uri(Portal, $"/datasets/{dataset}/series").ToString());
            await Expect(rita.Locator("#imaging-refusal-hint")).ToBeVisibleAsync();
            await Expect(rita.Locator("#series-list")).ToHaveCountAsync(0);
            Assert.True(ritaConsole.Count == 0, string.Join("\n", ritaConsole));
        }
        finally
        {
            await CatalogueCleanup.InvalidateAsync(fixture, dataset);
        }
    }

    /// <summary>
    /// A small CT series made of pydicom's real CT slice (128², signed 16 bits): each slice is the image
    /// 60 units brighter than the one before, so that every slice looks different, stacked 5 mm apart.
    /// </summary>
    private static List<byte[]> CtSeries(string study, string series)
    {
        var file = File.ReadAllBytes(Corpus + "CT_small.dcm");
        var header = DicomReader.ReadHeader(new MemoryStream(file)).Dataset;
        using var reader = new DicomReader(new MemoryStream(file));
        reader.ReadHeader();
        using var buffer = new MemoryStream();
        Assert.True(reader.CopyPixelDataTo(buffer));
        var pixels = buffer.ToArray();
        return Enumerable.Range(0, Slices).Select(i =>
        {
            var slice = header.Clone();
            slice.SetString(DicomTags.StudyInstanceUid, DicomVR.UI, study);
            slice.SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, series);
            slice.SetString(DicomTags.SopInstanceUid, DicomVR.UI, NewUid());
            slice.SetString(DicomTags.SeriesDescription, DicomVR.LO, "Axial CT (viewer test)");
            slice.SetString(DicomTags.StudyDescription, DicomVR.LO, "CT chest (pydicom CT_small)");
            slice.SetString(DicomTags.InstanceNumber, DicomVR.IS, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            slice.SetStrings(DicomTags.ImagePositionPatient, DicomVR.DS, ["-158", "-179", (-5 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var brighter = pixels.ToArray();
            for (var p = 0; p < brighter.Length; p += 2)
            {
                BinaryPrimitives.WriteInt16LittleEndian(brighter.AsSpan(p), (short)(BinaryPrimitives.ReadInt16LittleEndian(brighter.AsSpan(p)) + (60 * i)));
            }

            using var stream = new MemoryStream();
            DicomWriter.WriteFile(stream, slice, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomVR.OW, brighter);
            return stream.ToArray();
        }).ToList();
    }

    private static string NewUid() => "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    private sealed class Digest
    {
        public int Levels { get; set; }

        public double Hash { get; set; }

        public int Width { get; set; }
    }
}
