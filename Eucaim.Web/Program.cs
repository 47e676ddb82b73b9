using Eucaim.Web;
using Eucaim.Web.Catalogue;
using Eucaim.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents();
builder.Services.AddHttpClient<CatalogueClient>(http =>
    http.BaseAddress = new Uri(builder.Configuration["Eucaim:Api"] ?? "https+http://api"));

var app = builder.Build();

app.UsePortalSecurityHeaders(); // first: error and not-found pages get them too

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapDefaultEndpoints();
app.MapDcatLink();
app.MapRazorComponents<App>();

app.Run();
