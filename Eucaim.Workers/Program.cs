using Eucaim.Core.Catalogue;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Workers.Access;
using Eucaim.Workers.Ingest;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Local;
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
    migrate.Services.AddEucaimCatalogueCore();
    migrate.Services.AddHostedService<MigrationRunner>();
    await migrate.Build().RunAsync();
    return Environment.ExitCode;
}

// `stage-datasets` and `upload-outputs` run inside job pods (init container and output sidecar), from the Workers image.
if (args.Length > 0 && args[0] is "stage-datasets" or "upload-outputs")
{
    return await Eucaim.Workers.Jobs.Kubernetes.PodTools.RunAsync(args);
}

// `Eucaim.Workers gpu-check` checks on a GPU machine that each local job sees exactly the GPUs it is given.
if (args.Length > 0 && args[0] == "gpu-check")
{
    return await GpuCheck.RunAsync(args[1..]);
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddEucaimDatabase();
builder.AddEucaimBlobStorage();
builder.AddEucaimProvisioning();
builder.AddEucaimAccessWorkers();
builder.AddEucaimIngest();
builder.AddEucaimJobs();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAccessWorkers();
await app.RunAsync();
return 0;
