using Eucaim.Api.Access;
using Eucaim.Api.Audit;
using Eucaim.Api.Catalogue;
using Eucaim.Api.Exports;
using Eucaim.Api.Federation;
using Eucaim.Api.Identity;
using Eucaim.Api.Ingest;
using Eucaim.Api.Jobs;
using Eucaim.Api.Platform;
using Eucaim.Api.Tenants;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Core.Storage;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEucaimReceiveBlocks();
builder.AddEucaimDatabase();
builder.AddEucaimBlobStorage();
builder.AddEucaimProblemDetails();
builder.AddEucaimInputPolicy();
builder.AddEucaimDataProtection();
builder.AddEucaimPublicUrl();
builder.Services.AddOpenApi();

// -- services of each capability --
builder.AddEucaimCatalogue();
builder.AddEucaimTenants();
builder.AddEucaimIdentity();
builder.AddEucaimAudit();
builder.AddEucaimAccess();
builder.AddEucaimIngest();
builder.AddEucaimJobs();
builder.AddEucaimExports();
builder.AddEucaimFederation();
builder.Services.ReadKeyRingOnFirstUse(); // last: the registrations above add the start-up read back

var app = builder.Build();

app.UseEucaimSecurityHeaders(); // first: errors and probes get the headers too
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseEucaimInputPolicy();

// -- middleware of each capability --
app.UseEucaimAudit();
app.UseEucaimIngest(); // before identity: tus headers go on 401s too
app.UseEucaimIdentity();

app.MapOpenApi();
// A fresh nonce per answer lets the page's own scripts run under its content policy; no font CDN.
app.MapScalarApiReference("/docs", o => o.WithTitle("Eucaim API").WithNonce().DisableDefaultFonts());
app.MapDefaultEndpoints();
app.MapEucaimStatus();

// -- endpoints of each capability, their bodies held to the input policy --
var api = app.MapGroup("").AddEndpointFilterFactory(BodyTextFilter.Create);
if (app.Configuration.IsFederationNode())
{
    // A hospital's node: its own catalogue, ingest and audit chain, and its data holders' say on the hub's runs
    // (docs/federation.md#the-data-holders-say). Tenants, access, jobs and exports live at the hub only.
    api.MapEucaimCatalogue();
    api.MapEucaimIdentity();
    api.MapEucaimAudit();
    api.MapEucaimIngest();
    api.MapEucaimFederationNode();
}
else
{
    api.MapEucaimCatalogue();
    api.MapEucaimTenants();
    api.MapEucaimIdentity();
    api.MapEucaimAudit();
    api.MapEucaimAccess();
    api.MapEucaimIngest();
    api.MapEucaimJobs();
    api.MapEucaimExports();
    api.MapEucaimFederation();
}

app.Run();

/// <summary>Entry point, visible to the integration tests.</summary>
public partial class Program;
