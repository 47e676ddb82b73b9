using Azure.Storage.Blobs;
using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue.Seed;
using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Federation;
using Eucaim.Workers.Federation;
using Eucaim.Workers.Jobs;
using Eucaim.Workers.Jobs.Local;
using Eucaim.Workers.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eucaim.Platform.Tests.Federation;

/// <summary>
/// A node's trainer with the real local job backend, on a node database of its own with its dev datasets: the round's
/// job gets the global weights, the round and the declared metrics and the node's staged data; only a checked
/// <c>weights.json</c> leaves, with the sample count rounded up; too few samples, an output not of the model and a
/// failed job send no weights, and nothing the job wrote; what a node process that died left of the job is cleared.
/// The training image stands for a small shell script here.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FederatedTrainerTests(PlatformFixture fixture) : IAsyncLifetime
{
    private const string Image = "eucaim/federated-training:1.0";

    /// <summary>Checks its environment and data, then writes what its first argument asks for.</summary>
    private const string Script = """
        [ "$EUCAIM_TRAIN_ROUND" = 2 ] && [ "$EUCAIM_TRAIN_METRICS" = loss ] && [ -n "$(ls -A "$EUCAIM_DATASETS")" ] || exit 4
        weights="$EUCAIM_GLOBAL_WEIGHTS"; samples=12; extra=""
        case "$1" in
          few) samples=9 ;;
          short) weights="[1]" ;;
          extra) extra=',"note":"x"' ;;
          fail) echo "text the job wrote"; exit 3 ;;
        esac
        echo "text the job wrote" > "$EUCAIM_OUTPUT/notes.txt"
        printf '{"weights":%s,"samples":%s,"metrics":{"loss":0.5}%s}' "$weights" "$samples" "$extra" > "$EUCAIM_OUTPUT/weights.json"
        """;

    private readonly string _sandboxes = Path.Combine(Path.GetTempPath(), $"eucaim-trainer-{Guid.NewGuid():N}");
    private NodeDatabase _node = null!;
    private FederatedTrainer _trainer = null!;
    private Guid _held;

    public async Task InitializeAsync()
    {
        _node = await NodeDatabase.CreateAsync(fixture.Platform);
        await using (var scope = _node.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<SeedNodeDatasets>().RunAsync(2, 3, CancellationToken.None)).Succeeded);
        }

        _held = CatalogueSeeder.IdOf(DevFederation.DatasetsOfNode(2, 3)[0].DatasetKey);
        var options = new FederationNodeOptions { Id = "node-2", Runs = new FederationRunPolicyOptions { AllowedImages = [Image] } };
        var backend = new LocalJobBackend(
            new ComputeOptions { Local = new ComputeOptions.LocalOptions { SandboxRoot = _sandboxes } },
            new JobsOptions { Local = new LocalJobsOptions { GpuIndices = "none", Images = [new LocalImageCommand { Image = Image, Command = "/bin/sh", Arguments = ["-c", Script, "train"] }] } },
            _node.Services.GetRequiredService<BlobServiceClient>(), TimeProvider.System);
        var execution = new NodeJobExecution(options, backend, _node.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            _node.Services.GetRequiredService<ILogger<NodeJobExecution>>());
        _trainer = new FederatedTrainer(options, execution);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        if (Directory.Exists(_sandboxes))
        {
            Directory.Delete(_sandboxes, recursive: true);
        }
    }

    private TrainRequest Request(string mode, string image = Image, Guid? dataset = null) => new(
        Guid.NewGuid(), 2, image, [dataset ?? _held], "small-cpu", new TrainingModel(3, ["loss"]), [0.1, -1e-300, 1.0 / 3],
        new RunRequester("rita", "tenant-a", "example.org"), [mode]);

    private async Task<List<(string Kind, object Body)>> TrainAsync(TrainRequest request)
    {
        var sent = new List<(string Kind, object Body)>();
        await _trainer.TrainAsync(request, (kind, body, _) =>
        {
            sent.Add((kind, body));
            return Task.CompletedTask;
        }, CancellationToken.None);
        return sent;
    }

    private string JobFolder(TrainRequest request) =>
        Path.Combine(_sandboxes, "federated-trainings", "jobs", FederatedTrainer.JobIdOf(request.TrainingId, request.Round).ToString("N"));

    [Fact]
    public async Task A_round_trains_from_the_global_weights_on_the_nodes_data_and_only_its_checked_contribution_leaves()
    {
        var request = Request("train");

        // What a node process that died mid-round left: a job that ended with another contribution. It is not taken for this one.
        var left = JobFolder(request);
        Directory.CreateDirectory(Path.Combine(left, "output"));
        await File.WriteAllTextAsync(Path.Combine(left, "started"), "999999");
        await File.WriteAllTextAsync(Path.Combine(left, "exitcode"), "0");
        await File.WriteAllTextAsync(Path.Combine(left, "output", "weights.json"), """{"weights":[9,9,9],"samples":50,"metrics":{"loss":9}}""");

        var sent = await TrainAsync(request);

        Assert.Equal([FederationMessageKinds.TrainUpdate, FederationMessageKinds.TrainUpdate, FederationMessageKinds.TrainResult], sent.Select(s => s.Kind));
        Assert.Equal([RunUpdateState.Accepted, RunUpdateState.Running], sent.Take(2).Select(s => ((TrainUpdate)s.Body).State));
        var result = Assert.IsType<TrainResult>(sent[2].Body);
        Assert.Equal((request.TrainingId, 2, 15), (result.TrainingId, result.Round, result.Samples));
        Assert.Equal(request.GlobalWeights, result.Weights);
        Assert.Equal(new Dictionary<string, double> { ["loss"] = 0.5 }, result.Metrics);
        Assert.False(Directory.Exists(left));
        Assert.Equal(
            [AuditActions.FederationTrainingReceived, AuditActions.FederationTrainingStarted, AuditActions.FederationTrainingFinished, AuditActions.FederationWeightsSent],
            await ActionsAsync(request));
    }

    [Theory]
    [InlineData("few", FederatedTrainer.TooFewSamples)]
    [InlineData("short", FederatedTrainer.Mismatch)]
    [InlineData("extra", FederatedTrainer.Mismatch)]
    [InlineData("fail", "The training round ended failed: Exit code 3.")]
    public async Task Too_few_samples_an_output_not_of_the_model_or_a_failed_job_send_no_weights_and_nothing_the_job_wrote(string mode, string reason)
    {
        var request = Request(mode);

        var sent = await TrainAsync(request);

        Assert.All(sent, s => Assert.Equal(FederationMessageKinds.TrainUpdate, s.Kind));
        Assert.Equal(
            [(RunUpdateState.Accepted, false), (RunUpdateState.Running, false), (RunUpdateState.Failed, true)],
            sent.Select(s => (TrainUpdate)s.Body).Select(u => (u.State, u.Reason == reason)));
        Assert.False(Directory.Exists(JobFolder(request)));
        Assert.Equal([AuditActions.FederationTrainingReceived, AuditActions.FederationTrainingStarted, AuditActions.FederationTrainingFinished], await ActionsAsync(request));
    }

    [Fact]
    public async Task A_round_the_nodes_policy_refuses_is_not_run()
    {
        var other = Guid.NewGuid();
        foreach (var (request, reason) in new[]
        {
            (Request("train", image: "eucaim/federated-validation:1.0"), "Image 'eucaim/federated-validation:1.0' is not among the images this node runs."),
            (Request("train", dataset: other), $"Dataset {other} is not held by this node."),
            (Request("train") with { GlobalWeights = [0.1] }, "The global weights are not 3 finite numbers, as the training's model declares."),
        })
        {
            var sent = await TrainAsync(request);

            var refused = Assert.IsType<TrainUpdate>(Assert.Single(sent).Body);
            Assert.Equal((RunUpdateState.Refused, reason), (refused.State, refused.Reason));
            Assert.False(Directory.Exists(JobFolder(request)));
            Assert.Equal([AuditActions.FederationTrainingReceived, AuditActions.FederationTrainingRefusedAtNode], await ActionsAsync(request));
        }
    }

    /// <summary>The node's audit of a training, in order.</summary>
    private async Task<List<string>> ActionsAsync(TrainRequest request)
    {
        await using var scope = _node.Services.CreateAsyncScope();
        var id = request.TrainingId.ToString();
        return await scope.ServiceProvider.GetRequiredService<EucaimDbContext>().AuditEntries
            .Where(a => a.TargetType == "federation-training" && a.TargetId == id).OrderBy(a => a.Seq).Select(a => a.Action).ToListAsync();
    }
}
