using System.Collections.Concurrent;
using Eucaim.Cli.Platform;
using Eucaim.Cli.Upload;

namespace Eucaim.Cli.Stow;

/// <summary>What <c>eucaim stow</c> was asked to do.</summary>
internal sealed record StowRequest(IReadOnlyList<string> Paths, Guid Dataset, string? Study, int BatchInstances, int Parallelism);

/// <summary>An instance of the files given that the platform refused, named by the file it came from.</summary>
internal sealed record StowRefusal(string File, string? SopInstanceUid, string Reason, string? Message);

/// <summary>
/// <c>eucaim stow</c>: the same local check as <c>eucaim upload</c>, then STOW-RS requests of up to
/// <see cref="StowRequest.BatchInstances"/> instances, several at once. Each instance is stored as it
/// arrives, so there is no session to resume: a request that failed on the way (network, 5xx) is sent
/// again, and an identical instance the draft already holds is answered "stored" without a second copy,
/// so running the command again after an interruption stores only what is missing.
/// </summary>
internal sealed class DicomStow(CliContext context)
{
    /// <summary>The most bytes one request carries; a larger instance goes in a request of its own.</summary>
    private const long BatchBytes = 64L * 1024 * 1024;

    /// <summary>Consecutive failures of one request before the command gives up.</summary>
    private const int Attempts = 6;

    public async Task<int> RunAsync(StowRequest request, CancellationToken cancellationToken)
    {
        var sources = SourceFiles.Find(request.Paths, archivesAllowed: false);
        var check = await CheckPrinter.RunForDatasetAsync(context, sources, request.Dataset, cancellationToken);
        if (!CheckPrinter.Print(context, check, warningsToo: false))
        {
            WriteJson(request, check, null, 0, []);
            return ExitCodes.DataRefused;
        }

        var batches = StowBatch.Plan(check.DicomOf(sources).Files, request.BatchInstances, BatchBytes);

        var answers = new ConcurrentDictionary<int, StowAnswer>();
        using (var http = new TransferHttp(context.Target.Url, TokenAsync))
        {
            var client = new StowClient(http);
            var counter = new TransferCounter(batches.Count);
            var work = Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism, CancellationToken = cancellationToken },
                async (batch, ct) => answers[batch.Index] = await StoreAsync(client, request, batch, counter, ct));
            await new ProgressDisplay(context).RunAsync("stored", () => batches.Sum(b => b.Bytes), () => counter.Total, work, bytes: true);
        }

        var files = check.Files.Where(f => f.SopInstanceUid is not null).ToDictionary(f => f.SopInstanceUid!, f => f.Name, StringComparer.Ordinal);
        var refusals = batches.SelectMany(b => answers[b.Index].Failed.Select(f => new StowRefusal(
            f.SopInstanceUid is { } uid && files.TryGetValue(uid, out var name) ? name : $"a file of {b.Files[0].Name} … {b.Files[^1].Name}",
            f.SopInstanceUid, f.ReasonText, f.Message))).ToList();
        var stored = answers.Values.Sum(a => a.Stored.Count);
        WriteJson(request, check, batches, stored, refusals);
        if (!context.Output.Json)
        {
            Print(batches, stored, refusals);
        }

        return refusals.Count == 0 ? ExitCodes.Ok : ExitCodes.DataRefused;
    }

    private Task<string> TokenAsync(CancellationToken cancellationToken) => context.Session.AccessTokenAsync(cancellationToken);

    private async Task<StowAnswer> StoreAsync(StowClient client, StowRequest request, StowBatch batch, TransferCounter counter, CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            counter.Set(batch.Index, 0);
            try
            {
                return await client.StoreAsync(request.Dataset, request.Study, batch, n => counter.Add(batch.Index, n), cancellationToken);
            }
            catch (TransientUploadException e) when (!cancellationToken.IsCancellationRequested)
            {
                if (failures >= Attempts)
                {
                    throw new CliException(ExitCodes.Failure,
                        $"{e.Message}; the instances stored so far stay in the draft: run the same command again to send the rest");
                }

                var wait = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1)));
                await context.Host.Error.WriteLineAsync($"eucaim: request {batch.Index + 1} ({batch.Files[0].Name} …): {e.Message}; trying again in {wait.TotalSeconds:0} s.");
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    private void Print(IReadOnlyList<StowBatch> batches, int stored, IReadOnlyList<StowRefusal> refusals)
    {
        var bytes = OutputViews.Bytes(batches.Sum(b => b.Bytes));
        context.Output.Line($"Stored {stored} instance{(stored == 1 ? "" : "s")} ({bytes} in {batches.Count} request{(batches.Count == 1 ? "" : "s")}); {refusals.Count} refused.");
        if (refusals.Count == 0)
        {
            return;
        }

        var table = context.Output.Table("file", "SOP Instance UID", "reason");
        foreach (var refusal in refusals)
        {
            Output.AddRow(table, refusal.File, refusal.SopInstanceUid, refusal.Message is { Length: > 0 } message ? $"{refusal.Reason}: {message}" : refusal.Reason);
        }

        context.Output.Console.Write(table);
    }

    private void WriteJson(StowRequest request, LocalCheckReport check, IReadOnlyList<StowBatch>? batches, int stored, IReadOnlyList<StowRefusal> refusals)
    {
        if (!context.Output.Json)
        {
            return;
        }

        context.Output.WriteJson(new
        {
            dataset = request.Dataset,
            study = request.Study,
            check,
            requests = batches?.Count ?? 0,
            bytes = batches?.Sum(b => b.Bytes) ?? 0,
            stored,
            refused = refusals.Select(r => new { file = r.File, sopInstanceUid = r.SopInstanceUid, reason = r.Reason, message = r.Message }),
        });
    }
}
