using System.Globalization;
using Eucaim.Jobs.Benchmarks;

// dotnet run -c Release --project bench/Eucaim.Jobs.Benchmarks [-- --jobs 30 --k8s-jobs 1000 --only k8s|local]
var jobs = Option("--jobs", 30);
var k8sJobs = Option("--k8s-jobs", 1000);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
if (only is null or "k8s")
{
    await DispatchThroughput.RunAsync(k8sJobs);
}

if (only is null or "local")
{
    await SubmitToRunning.RunAsync(jobs);
}

return 0;

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
