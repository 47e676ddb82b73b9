using System.Text.Json;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Upload;

/// <summary>What <c>eucaim upload</c> was asked to do.</summary>
internal sealed record UploadRequest(IReadOnlyList<string> Paths, Guid Dataset, int Parallelism, long PartBytes, bool Follow, bool Restart, double? LimitMiBPerSecond);

/// <summary>
/// <c>eucaim upload</c>: local check, packing into parts, parallel tus uploads into one ingest session,
/// SHA-256 verified per part before the session is closed, then the ingest followed to its report.
/// Every step the server has recorded is written to the upload's state file first, so the same
/// command run again after a kill goes on where the server is: no part is sent twice and no file
/// is ingested twice (the session is closed once, after every part is verified).
/// </summary>
internal sealed class DicomUpload(CliContext context)
{
    /// <summary>Consecutive failures of one part, with no byte gained between them, before the upload gives up (the state stays for the next run).</summary>
    private const int Attempts = 6;

    public async Task<int> RunAsync(UploadRequest request, CancellationToken cancellationToken)
    {
        var platform = context.Target.Url;
        var store = new UploadStateStore(context.Folder);
        var key = UploadStateStore.KeyOf(platform, request.Dataset, request.Paths);
        var sources = SourceFiles.Find(request.Paths);
        var state = store.Read(key);
        if (state is not null && request.Restart)
        {
            await AbandonAsync(state, cancellationToken);
            state = null;
        }

        LocalCheckReport? check = null;
        UploadPlan? plan = null;
        if (state is not { Completed: true })
        {
            check = await CheckPrinter.RunForDatasetAsync(context, sources, request.Dataset, cancellationToken);
            if (!CheckPrinter.Print(context, check, warningsToo: false))
            {
                WriteJson(request, check, null, null);
                return ExitCodes.DataRefused;
            }

            plan = UploadPlan.Of(check.DicomOf(sources), request.PartBytes);
            if (state is not null && state.Fingerprint != plan.Fingerprint)
            {
                await context.Host.Error.WriteLineAsync("eucaim: the files changed since the interrupted upload; starting over.");
                await AbandonAsync(state, cancellationToken);
                state = null;
            }

            state ??= new UploadState
            {
                Platform = platform.AbsoluteUri,
                Dataset = request.Dataset,
                Fingerprint = plan.Fingerprint,
                Parts = [.. plan.Parts.Select(p => new UploadPartState { Name = p.Name, Length = p.Length })],
            };
            await OpenSessionAsync(state, store, key, cancellationToken);
        }

        if (!state!.Completed)
        {
            await SendAsync(plan!, state, store, key, request, cancellationToken);
            await CloseSessionAsync(state.Ingest!.Value, cancellationToken);
            state.Completed = true;
            store.Write(key, state);
            await context.Host.Error.WriteLineAsync(
                $"eucaim: sent {state.Parts.Count} part{(state.Parts.Count == 1 ? "" : "s")} ({OutputViews.Bytes(state.Parts.Sum(p => p.Length))}), each verified by SHA-256; ingest {state.Ingest} queued.");
        }
        else
        {
            await context.Host.Error.WriteLineAsync($"eucaim: every part was sent before; following ingest {state.Ingest}.");
        }

        if (!request.Follow)
        {
            store.Delete(key);
            WriteJson(request, check, state, null);
            if (!context.Output.Json)
            {
                context.Output.Line($"Ingest {state.Ingest} queued; follow it with: eucaim ingests show {state.Ingest} --follow");
            }

            return ExitCodes.Ok;
        }

        var ingest = await IngestFollower.FollowAsync(context, state.Ingest!.Value, plan?.FileCount ?? 0, cancellationToken);
        store.Delete(key);
        WriteJson(request, check, state, ingest);
        return IngestFollower.Print(context, ingest);
    }

    private Task<string> TokenAsync(CancellationToken cancellationToken) => context.Session.AccessTokenAsync(cancellationToken);

    /// <summary>Opens the ingest session, or checks that the saved one is still open (an expired one means starting over).</summary>
    private async Task OpenSessionAsync(UploadState state, UploadStateStore store, string key, CancellationToken cancellationToken)
    {
        if (state.Ingest is { } saved)
        {
            try
            {
                var ingest = await context.Api.GetJsonAsync($"api/ingests/{saved}", await TokenAsync(cancellationToken), cancellationToken);
                var status = ingest.GetProperty("state").GetString();
                if (status == "open")
                {
                    await context.Host.Error.WriteLineAsync($"eucaim: resuming the upload into ingest {saved}.");
                    return;
                }

                state.Completed = status != "failed";
                if (state.Completed)
                {
                    store.Write(key, state);
                    return;
                }
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Refused)
            {
                // Removed (an idle session expires): its uploads went with it, so every part starts again.
            }

            await context.Host.Error.WriteLineAsync($"eucaim: ingest {saved} of the interrupted upload is gone; starting over.");
            foreach (var part in state.Parts)
            {
                part.Location = null;
                part.IdempotencyKey = null;
                part.VerifiedSha256 = null;
            }
        }

        var opened = await context.Api.SendAsync(HttpMethod.Post, $"api/datasets/{state.Dataset}/ingests", await TokenAsync(cancellationToken), cancellationToken);
        state.Ingest = opened.Json!.Value.GetProperty("id").GetGuid();
        state.Completed = false;
        store.Write(key, state);
    }

    private async Task SendAsync(UploadPlan plan, UploadState state, UploadStateStore store, string key, UploadRequest request, CancellationToken cancellationToken)
    {
        using var tus = new TusClient(context.Target.Url, TokenAsync);
        var counter = new TransferCounter(plan.Parts.Count);
        var sender = new PartSender(tus, counter, RateLimit.Of(request.LimitMiBPerSecond));
        foreach (var part in plan.Parts.Where(p => state.Parts[p.Index].VerifiedSha256 is not null))
        {
            counter.Set(part.Index, part.Length);
        }

        var pending = plan.Parts.Where(p => state.Parts[p.Index].VerifiedSha256 is null).ToList();
        var work = Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = request.Parallelism, CancellationToken = cancellationToken },
            async (part, ct) => await SendPartAsync(part, state.Parts[part.Index], state, store, key, tus, sender, counter, ct));
        await new ProgressDisplay(context).RunAsync("sent", () => plan.TotalBytes, () => counter.Total, work, bytes: true);
    }

    private async Task SendPartAsync(UploadPart part, UploadPartState saved, UploadState state, UploadStateStore store, string key,
        TusClient tus, PartSender sender, TransferCounter counter, CancellationToken cancellationToken)
    {
        var failures = 0;
        long best = 0;
        while (true)
        {
            try
            {
                long offset;
                if (saved.Location is null)
                {
                    saved.IdempotencyKey ??= Guid.NewGuid().ToString("N");
                    store.Write(key, state);
                    saved.Location = await tus.CreateAsync(state.Dataset, state.Ingest!.Value, part.Name, part.Length, saved.IdempotencyKey, cancellationToken);
                    store.Write(key, state);
                    offset = 0;
                }
                else if (await tus.OffsetAsync(saved.Location, cancellationToken) is { } known)
                {
                    offset = known;
                }
                else
                {
                    // Expired or removed on the server: a new upload for this part.
                    saved.Location = null;
                    saved.IdempotencyKey = null;
                    store.Write(key, state);
                    continue;
                }

                var local = await sender.SendAsync(part, saved.Location, offset, cancellationToken);
                var server = await tus.Sha256Async(saved.Location, cancellationToken);
                if (string.Equals(server, local, StringComparison.OrdinalIgnoreCase))
                {
                    saved.VerifiedSha256 = local;
                    store.Write(key, state);
                    return;
                }

                // The bytes on the server are not the part's (a file changed between two runs): send the part again.
                await context.Host.Error.WriteLineAsync($"eucaim: {part.Name}: the platform's SHA-256 differs from the part's; sending it again.");
                await tus.DeleteAsync(saved.Location, cancellationToken);
                saved.Location = null;
                saved.IdempotencyKey = null;
                store.Write(key, state);
                throw new TransientUploadException($"{part.Name}: SHA-256 mismatch");
            }
            catch (Exception e) when (e is TransientUploadException or IOException && !cancellationToken.IsCancellationRequested)
            {
                var reached = counter.Total;
                failures = reached > best ? 1 : failures + 1;
                best = Math.Max(best, reached);
                if (failures >= Attempts)
                {
                    throw new CliException(ExitCodes.Failure, $"{part.Name}: {e.Message}; run the same command again to resume");
                }

                var wait = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1)));
                await context.Host.Error.WriteLineAsync($"eucaim: {part.Name}: {e.Message}; trying again in {wait.TotalSeconds:0} s.");
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    private async Task CloseSessionAsync(Guid ingest, CancellationToken cancellationToken)
    {
        try
        {
            await context.Api.SendAsync(HttpMethod.Post, $"api/ingests/{ingest}/complete", await TokenAsync(cancellationToken), cancellationToken);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.Refused)
        {
            // Closed already (the answer to an earlier run's close was lost): fine if it is queued or further.
            var now = await context.Api.GetJsonAsync($"api/ingests/{ingest}", await TokenAsync(cancellationToken), cancellationToken);
            if (now.GetProperty("state").GetString() is "open" or "failed")
            {
                throw;
            }
        }
    }

    /// <summary>Gives up the saved session of an earlier run (its uploads leave quarantine with it); one already queued is left to finish.</summary>
    private async Task AbandonAsync(UploadState state, CancellationToken cancellationToken)
    {
        if (state.Ingest is { } ingest && !state.Completed)
        {
            try
            {
                await context.Api.SendAsync(HttpMethod.Delete, $"api/ingests/{ingest}", await TokenAsync(cancellationToken), cancellationToken);
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Refused)
            {
                // Gone already, or no longer open: nothing of it to remove.
            }
        }
    }

    private void WriteJson(UploadRequest request, LocalCheckReport? check, UploadState? state, JsonElement? ingest)
    {
        if (!context.Output.Json)
        {
            return;
        }

        context.Output.WriteJson(new
        {
            dataset = request.Dataset,
            ingest = state?.Ingest,
            check,
            parts = state?.Parts.Select(p => new { name = p.Name, length = p.Length, sha256 = p.VerifiedSha256 }),
            bytes = state?.Parts.Sum(p => p.Length),
            result = ingest,
        });
    }
}
