using Spectre.Console;

namespace Eucaim.Cli.Platform;

/// <summary>
/// Progress of long work. On a terminal: a Spectre.Console bar with amount, rate and time left,
/// redrawn in place. Otherwise (a log, a script, <c>--json</c>): a line on standard error at every
/// tenth of the work, so a log shows progress without thousands of lines and standard output stays
/// for the result.
/// </summary>
internal sealed class ProgressDisplay(CliContext context)
{
    public async Task RunAsync(string doing, Func<long> total, Func<long> done, Task work, bool bytes)
    {
        if (context.Host.OutputIsTerminal && !context.Output.Json)
        {
            await BarAsync(doing, total, done, work, bytes);
            return;
        }

        var started = context.Host.Time.GetTimestamp();
        var lastTenth = -1L;
        while (true)
        {
            var finished = work.IsCompleted;
            var whole = total();
            var now = Math.Min(done(), whole);
            var tenth = whole == 0 ? 10 : now * 10 / whole;
            if (tenth > lastTenth && (now > 0 || finished))
            {
                lastTenth = tenth;
                await context.Host.Error.WriteLineAsync(Line(doing, now, whole, context.Host.Time.GetElapsedTime(started), bytes));
            }

            if (finished)
            {
                await work;
                return;
            }

            await Task.WhenAny(work, Task.Delay(100));
        }
    }

    private static string Line(string doing, long now, long total, TimeSpan elapsed, bool bytes)
    {
        var percent = total == 0 ? 100 : now * 100 / total;
        var rate = elapsed.TotalSeconds > 0 ? now / elapsed.TotalSeconds : 0;
        var amount = bytes ? $"{OutputViews.Bytes(now)} of {OutputViews.Bytes(total)}" : $"{now} of {total}";
        var speed = bytes ? $", {OutputViews.Bytes((long)rate)}/s" : "";
        var left = now < total && rate > 0 ? $", about {TimeSpan.FromSeconds(Math.Ceiling((total - now) / rate)):g} left" : "";
        return $"eucaim: {doing} {percent}% ({amount}){speed}{left}";
    }

    private async Task BarAsync(string doing, Func<long> total, Func<long> done, Task work, bool bytes)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = string.IsNullOrEmpty(context.Host.Environment("NO_COLOR")) ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(context.Host.Out),
        });
        ProgressColumn[] columns = bytes
            ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn()]
            : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()];
        await console.Progress().AutoClear(false).HideCompleted(false).Columns(columns).StartAsync(async progress =>
        {
            var task = progress.AddTask(char.ToUpperInvariant(doing[0]) + doing[1..], maxValue: Math.Max(total(), 1));
            while (!work.IsCompleted)
            {
                task.MaxValue = Math.Max(total(), 1);
                task.Value = Math.Min(done(), task.MaxValue);
                await Task.WhenAny(work, Task.Delay(200));
            }

            task.MaxValue = Math.Max(total(), 1);
            task.Value = Math.Min(done(), task.MaxValue);
        });
        await work;
    }
}
