using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Workers.Ingest;
using Eucaim.Workers.Migrations;
using Eucaim.Workers.Provisioning;

// `Eucaim.Workers migrate` applies the schema, loads the catalogue seed and creates the blob containers, then exits:
// the AppHost runs it as the `migrations` resource that Api and Workers wait for.
if (args.Length > 0 && args[0] == "migrate")
{
    var migrate = Host.CreateApplicationBuilder(args[1..]);
    migrate.AddServiceDefaults();
    migrate.AddEucaimDatabase();
    migrate.AddEucaimBlobStorage();
    migrate.Services.AddCatalogue();
    migrate.Services.AddHostedService<MigrationRunner>();
    await migrate.Build().RunAsync();
    return Environment.ExitCode;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddEucaimDatabase();
builder.AddEucaimBlobStorage();
builder.AddEucaimProvisioning();
builder.AddEucaimIngest();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
