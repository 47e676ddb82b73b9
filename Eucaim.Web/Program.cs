using Eucaim.Web;
using Eucaim.Web.Api;
using Eucaim.Web.Catalogue;
using Eucaim.Web.Jobs;
using Eucaim.Web.Components;
using Eucaim.Web.Platform;
using Eucaim.Web.SignIn;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents();
var api = new Uri(builder.Configuration["Eucaim:Api"] ?? "https+http://api");
builder.Services.AddHttpClient<CatalogueClient>(http => http.BaseAddress = api);
builder.Services.AddHttpClient<PlatformHealth>(http => http.BaseAddress = api);
builder.AddPortalSignIn(api);
builder.Services.AddTransient<UserAccessTokenHandler>();
builder.Services.AddHttpClient<SignedInApi>(http => http.BaseAddress = api).AddHttpMessageHandler<UserAccessTokenHandler>();
// Long transfers (uploads, live logs) pass through the relay: no overall time-out, and no retries of a streamed
// body, so the standard resilience handler (an evaluation API to remove, hence the pragma) goes.
#pragma warning disable EXTEXP0001
builder.Services.AddHttpClient(nameof(ApiRelay), http =>
{
    http.BaseAddress = api;
    http.Timeout = Timeout.InfiniteTimeSpan;
}).RemoveAllResilienceHandlers();
// Approved exports are read from storage's short-lived links and streamed on: no token, no overall time-out, no retries.
builder.Services.AddHttpClient(ExportDownloadEndpoint.StorageClient, http => http.Timeout = Timeout.InfiniteTimeSpan).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

var app = builder.Build();

app.UsePortalSecurityHeaders(SignInSetup.ProviderOrigin(app.Services.GetRequiredService<IOptions<SignInOptions>>().Value)); // first: error pages get them too

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapDcatLink();
app.MapPortalSignIn();
app.MapApiRelay();
app.MapExportDownload();
app.MapRazorComponents<App>();

app.Run();
