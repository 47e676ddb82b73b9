using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Workers.Migrations;

// `Eucaim.Workers migrate` applies the schema and creates the blob containers, then exits:
// the AppHost runs it as the `migrations` resource that Api and Workers wait for.
if (args.Length > 0 && args[0] == "migrate")
{
    var migrate = Host.CreateApplicationBuilder(args[1..]);
    migrate.AddServiceDefaults();
    migrate.AddEucaimDatabase();
    migrate.AddEucaimBlobStorage();
    migrate.Services.AddHostedService<MigrationRunner>();
    await migrate.Build().RunAsync();
    return Environment.ExitCode;
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddEucaimDatabase();
builder.AddEucaimBlobStorage();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
