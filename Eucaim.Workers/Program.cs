using Eucaim.Core.Catalogue;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Storage;
using Eucaim.Workers.Access;
using Eucaim.Workers.Audit;
using Eucaim.Workers.Data;
using Eucaim.Workers.Exports;
using Eucaim.Workers.Federation;
using Eucaim.Workers.Ingest;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Local;
using Eucaim.Workers.Storage;
using Eucaim.Workers.Tenants;

// `Eucaim.Workers migrate` applies the schema, loads the catalogue seed and creates the blob containers, then exits:
// the AppHost runs it as the `migrations` resource that Api and Workers wait for.
if (args.Length > 0 && args[0] == WorkerVerbs.Migrate)
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
if (args.Length > 0 && args[0] is WorkerVerbs.StageDatasets or WorkerVerbs.UploadOutputs)
{
    return await Eucaim.Workers.Jobs.Kubernetes.PodTools.RunAsync(args);
}

// `Eucaim.Workers gpu-check` checks on a GPU machine that each local job sees exactly the GPUs it is given.
if (args.Length > 0 && args[0] == WorkerVerbs.GpuCheck)
{
    return await GpuCheck.RunAsync(args[1..]);
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.AddEucaimDatabase();
builder.AddEucaimBlobStorage();
builder.AddEucaimTenants();
builder.AddEucaimAccess();
builder.AddEucaimIngest();
builder.AddEucaimBlobSweep();
builder.AddEucaimJobs();
builder.AddEucaimExports();
builder.AddEucaimAudit();
builder.AddEucaimFederation();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEucaimAccess();
await app.RunAsync();
return 0;
