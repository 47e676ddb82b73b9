using System.Security.Cryptography;
using System.Text.Json;
using Eucaim.Cli.Platform;
using Spectre.Console;

namespace Eucaim.Cli.Exports;

/// <summary>
/// Downloads the files of an available export through its short-lived links (<c>GET /api/exports/{id}/links</c>)
/// into a folder: each file is written beside its final name, hashed as it arrives, checked against
/// the SHA-256 the API gives (and the MD5 the storage gives) where there is one, and only then renamed into place.
/// </summary>
internal sealed class ExportDownload(CliContext context, Guid export, DirectoryInfo folder, bool overwrite)
{
    /// <summary>Links live 15 minutes: ask again for the rest when the next link expires within this margin.</summary>
    private static readonly TimeSpan LinkMargin = TimeSpan.FromMinutes(1);

    public sealed record DownloadedFile(string Path, string File, long Size, string Sha256, string Verified);

    public async Task<List<DownloadedFile>> RunAsync(CancellationToken cancellationToken)
    {
        var links = await LinksAsync(cancellationToken);
        foreach (var link in links)
        {
            // Refused before any byte is written: a file that would land outside the folder, or over one that exists.
            Target(link.String("path") ?? "");
        }

        var done = new List<DownloadedFile>();
        if (context.Host.OutputIsTerminal && !context.Output.Json)
        {
            await ProgressConsole().Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    for (var i = 0; i < links.Count; i++)
                    {
                        var task = progress.AddTask(Markup.Escape(links[i].String("path") ?? ""), autoStart: true, maxValue: 1);
                        links = await FreshAsync(links, i, cancellationToken);
                        done.Add(await DownloadAsync(links[i], (read, total) =>
                        {
                            task.MaxValue = Math.Max(total ?? read, 1);
                            task.Value = read;
                        }, cancellationToken));
                        task.StopTask();
                    }
                });
        }
        else
        {
            for (var i = 0; i < links.Count; i++)
            {
                links = await FreshAsync(links, i, cancellationToken);
                done.Add(await DownloadAsync(links[i], (_, _) => { }, cancellationToken));
            }
        }

        return done;
    }

    private async Task<List<JsonElement>> LinksAsync(CancellationToken cancellationToken)
    {
        var token = await context.Session.AccessTokenAsync(cancellationToken);
        return [.. (await context.Api.GetJsonAsync($"api/exports/{export}/links", token, cancellationToken)).Items()];
    }

    /// <summary>The links again when the next one is about to expire (a slow connection and many files).</summary>
    private async Task<List<JsonElement>> FreshAsync(List<JsonElement> links, int next, CancellationToken cancellationToken) =>
        links[next].Time("expiresAt") is { } expires && expires - context.Host.Time.GetUtcNow() < LinkMargin ? await LinksAsync(cancellationToken) : links;

    private async Task<DownloadedFile> DownloadAsync(JsonElement link, Action<long, long?> progress, CancellationToken cancellationToken)
    {
        var path = link.String("path") ?? "";
        var target = Target(path);
        var url = link.String("url") is { } text && Uri.TryCreate(text, UriKind.Absolute, out var parsed) ? parsed
            : throw new CliException(ExitCodes.Failure, $"the platform gave no download link for {path}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".part";
        HttpResponseMessage response;
        try
        {
            // The link carries its own signature: no bearer token goes to the storage account.
            response = await context.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Failure, $"cannot download {path} from {url.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(ExitCodes.Failure, $"the storage refused the download of {path} [HTTP {(int)response.StatusCode} {response.ReasonPhrase}]");
            }

            var total = response.Content.Headers.ContentLength;
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long read = 0;
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    sha256.AppendData(buffer, 0, n);
                    md5.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    read += n;
                    progress(read, total);
                }
            }

            var actual = Convert.ToHexStringLower(sha256.GetHashAndReset());
            var verified = new List<string>();
            if (total is { } length && length != read)
            {
                Discard(partial);
                throw new CliException(ExitCodes.Failure, $"{path}: the download ended after {read} of {length} bytes; run the command again");
            }

            if (link.String("sha256") is { } expected)
            {
                if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                {
                    Discard(partial);
                    throw new CliException(ExitCodes.Failure, $"{path} arrived with sha256 {actual}, but the platform says {expected.ToLowerInvariant()}; nothing was kept");
                }

                verified.Add("sha256");
            }

            if (response.Content.Headers.ContentMD5 is { Length: > 0 } storedMd5)
            {
                if (!storedMd5.AsSpan().SequenceEqual(md5.GetHashAndReset()))
                {
                    Discard(partial);
                    throw new CliException(ExitCodes.Failure, $"{path} arrived with another MD5 than the storage holds; nothing was kept");
                }

                verified.Add("md5 (storage)");
            }

            File.Move(partial, target, overwrite);
            progress(read, read);
            return new DownloadedFile(path, target, read, actual, verified.Count == 0 ? "size" : string.Join(", ", verified));
        }
    }

    /// <summary>Where a file of the export goes: under the folder, never beside or above it, and not over a file unless asked.</summary>
    private string Target(string path)
    {
        var root = Path.GetFullPath(folder.FullName);
        var target = Path.GetFullPath(Path.Combine(root, path));
        if (path.Length == 0 || Path.IsPathRooted(path) || !target.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new CliException(ExitCodes.Failure, $"the export names a file '{path}' that would land outside {root}; nothing was downloaded");
        }

        if (!overwrite && File.Exists(target))
        {
            throw new CliException(ExitCodes.Usage, $"{target} already exists; pass --overwrite to replace it, or --to another folder");
        }

        return target;
    }

    private static void Discard(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Progress is about the work, not its result: it goes to standard error, leaving standard output to the result.</summary>
    private IAnsiConsole ProgressConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Detect,
        ColorSystem = string.IsNullOrEmpty(context.Host.Environment("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.Yes,
        Out = new AnsiConsoleOutput(context.Host.Error),
    });
}
