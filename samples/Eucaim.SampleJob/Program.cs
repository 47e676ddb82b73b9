using System.Globalization;
using System.Text.Json;
using Eucaim.SampleJob;
using Eucaim.SampleJob.Cuda;

// `cuda`: the GPU mode, which needs no dataset (gpu-check runs it as its probe; Cuda/CudaProbe.cs).
if (args.Length > 0 && args[0] == "cuda")
{
    return CudaProbe.Run(args[1..], Console.Out, Console.Error, Environment.GetEnvironmentVariable("EUCAIM_OUTPUT"));
}

// `fedavg`: the FedAvg aggregator (FederatedAveraging.cs), run in the researcher's bubble; it averages what the
// nodes sent (EUCAIM_FEDAVG_ROUND) and reads no dataset, so it needs only its output folder.
if (args.Length > 0 && args[0] == "fedavg")
{
    var fedAvgOutput = Environment.GetEnvironmentVariable("EUCAIM_OUTPUT");
    if (string.IsNullOrEmpty(fedAvgOutput))
    {
        Console.Error.WriteLine("EUCAIM_OUTPUT must be set: run this as an Eucaim job.");
        return 2;
    }

    return FederatedAveraging.Run(args[1..], fedAvgOutput, Environment.GetEnvironmentVariable("EUCAIM_FEDAVG_ROUND"), Console.Out, Console.Error);
}

// The platform hands a job its datasets and output folder through the environment, the same way on
// the local backend and in a Kubernetes pod (EUCAIM_DATASETS=/data, EUCAIM_OUTPUT=/output).
var datasets = Environment.GetEnvironmentVariable("EUCAIM_DATASETS");
var output = Environment.GetEnvironmentVariable("EUCAIM_OUTPUT");
if (string.IsNullOrEmpty(datasets) || string.IsNullOrEmpty(output))
{
    Console.Error.WriteLine("EUCAIM_DATASETS and EUCAIM_OUTPUT must be set: run this as an Eucaim job.");
    return 2;
}

// `validate`: the federated validation sample (FederatedValidation.cs), run at a node; only its metrics.json leaves the node.
if (args.Length > 0 && args[0] == "validate")
{
    return FederatedValidation.Run(args[1..], datasets, output,
        Environment.GetEnvironmentVariable("EUCAIM_RESULT_METRICS"), Environment.GetEnvironmentVariable("EUCAIM_RESULT_COUNTS"), Console.Out);
}

// `train`: one node's part of a federated training round (LocalTraining.cs); only its weights.json leaves the node.
if (args.Length > 0 && args[0] == "train")
{
    return LocalTraining.Run(args[1..], datasets, output, Environment.GetEnvironmentVariable("EUCAIM_TRAIN_ROUND"),
        Environment.GetEnvironmentVariable("EUCAIM_GLOBAL_WEIGHTS"), Environment.GetEnvironmentVariable("EUCAIM_TRAIN_METRICS"), Console.Out, Console.Error);
}

var delay = args.Length > 1 && args[0] == "--delay-seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
// `leaky`: also writes outputs that the airlock must stop (LeakyOutputs.cs), to try its screening.
var leaky = args.Length > 0 && args[0] == "leaky";
Console.WriteLine($"eucaim sample job: reading datasets under {datasets}");
var summary = DicomSummary.Build(datasets, line => Console.WriteLine(line));
Directory.CreateDirectory(output);
var json = JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
await File.WriteAllTextAsync(Path.Combine(output, "summary.json"), json);
await File.WriteAllTextAsync(Path.Combine(output, "summary.txt"), summary.ToText());
Console.WriteLine($"wrote summary.json and summary.txt: {summary.Instances} instances in {summary.Series.Count} series");
if (leaky)
{
    Console.WriteLine($"leaky: wrote {string.Join(", ", LeakyOutputs.Write(datasets, output))}");
}

// A sample that lingers lets a user try live logs, cancel and timeouts: it keeps printing until the delay is over.
for (var second = 1; second <= delay; second++)
{
    await Task.Delay(TimeSpan.FromSeconds(1));
    Console.WriteLine($"still working: {second}/{delay} s");
}

return 0;
