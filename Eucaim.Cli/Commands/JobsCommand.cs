using System.CommandLine;
using Eucaim.Cli.Api;
using Eucaim.Cli.Jobs;
using Eucaim.Cli.Platform;

namespace Eucaim.Cli.Commands;

/// <summary>
/// <c>eucaim jobs submit|list|show|cancel|logs|wait</c>: a tenant's compute jobs (docs/jobs.md).
/// <c>wait</c> exits with a code derived from the job (<see cref="JobExit"/>), so scripts chain on jobs.
/// </summary>
internal static class JobsCommand
{
    public static Command Create(CommandFactory factory)
    {
        var command = factory.Create("jobs",
            "Run compute jobs on your tenant's granted datasets, follow them and read their logs (tenant members).",
            "eucaim jobs submit --file job.yaml",
            "eucaim jobs list --tenant tenant-a --status Running",
            "eucaim jobs logs 5f0c… -f",
            "eucaim jobs wait 5f0c… && echo succeeded");
        command.Subcommands.Add(Submit(factory));
        command.Subcommands.Add(List(factory));
        command.Subcommands.Add(Show(factory));
        command.Subcommands.Add(Cancel(factory));
        command.Subcommands.Add(Logs(factory));
        command.Subcommands.Add(Wait(factory));
        return command;
    }

    private static Command Submit(CommandFactory factory)
    {
        var file = new Option<FileInfo?>("--file", "-f") { Description = "A job file, YAML or JSON, with the fields of POST /api/jobs (tenant, name, image, command, arguments, environment, flavor, datasets, maxRuntimeMinutes)." };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant the job runs in (its slug, e.g. tenant-a)." };
        var name = new Option<string?>("--name") { Description = "The job's name: a DNS label of at most 36 characters." };
        var image = new Option<string?>("--image") { Description = "An allow-listed image, e.g. eucaim/sample-job:1.0." };
        var flavor = new Option<string?>("--flavor") { Description = "The flavor (CPU, memory, GPUs), e.g. small-cpu." };
        var datasets = new Option<string[]>("--dataset") { Description = "A granted dataset's id; repeat for several (replaces the file's list).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var environment = new Option<string[]>("--env") { Description = "A variable NAME=value for the job; repeat for several (added to the file's).", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var entryPoint = new Option<string[]>("--command") { Description = "The command, one word per --command (replaces the file's); default: the image's.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var runtime = new Option<int?>("--max-runtime-minutes") { Description = "Stop the job after this many minutes of running (at most the flavor's and the tenant's ceiling)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every rule and show the resolved plan (versions, mounts, variables, queue position); submit nothing." };
        var arguments = new Argument<string[]>("arguments") { Description = "The job's arguments, after -- (replace the file's).", Arity = ArgumentArity.ZeroOrMore };
        var command = factory.Create("submit", "Submit a job from a YAML/JSON job file, from flags, or both (flags win); --dry-run only plans it.",
            "eucaim jobs submit --file job.yaml",
            "eucaim jobs submit --file job.yaml --dry-run",
            "eucaim jobs submit --tenant tenant-a --name dicom-summary --image eucaim/sample-job:1.0 --flavor small-cpu --dataset 0b7c…",
            "eucaim jobs submit --file job.yaml --name run-2 --env SEED=2 -- --delay-seconds 30",
            "id=$(eucaim jobs submit --file job.yaml --json | jq -r .id) && eucaim jobs wait \"$id\"");
        command.Options.Add(file);
        command.Options.Add(tenant);
        command.Options.Add(name);
        command.Options.Add(image);
        command.Options.Add(flavor);
        command.Options.Add(datasets);
        command.Options.Add(environment);
        command.Options.Add(entryPoint);
        command.Options.Add(runtime);
        command.Options.Add(dryRun);
        command.Arguments.Add(arguments);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var draft = new JobDraft(parse.GetValue(file), parse.GetValue(tenant), parse.GetValue(name), parse.GetValue(image), parse.GetValue(flavor),
                parse.GetValue(datasets) ?? [], parse.GetValue(environment) ?? [], parse.GetValue(entryPoint) ?? [], parse.GetValue(arguments) ?? [],
                parse.GetValue(runtime), parse.GetValue(dryRun));
            var body = draft.ToJson();
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            ApiAnswer answer;
            try
            {
                answer = await context.Api.SendAsync(HttpMethod.Post, "api/jobs", token, cancellationToken, JsonBody.Of(body));
            }
            catch (CliException refused) when (refused.Problem is { } problem && refused.ExitCode == ExitCodes.Refused)
            {
                // Every broken rule, not only the first: the API lists them all (docs/jobs.md#refusals).
                if (context.Output.Json)
                {
                    context.Output.WriteJson(problem);
                }
                else
                {
                    JobTables.Refusals(context.Output, problem);
                }

                throw;
            }

            var json = answer.Json ?? throw new CliException(ExitCodes.Failure, "POST api/jobs: the platform answered with an empty body");
            if (context.Output.Json)
            {
                context.Output.WriteJson(json);
            }
            else if (draft.DryRun)
            {
                JobTables.Plan(context.Output, json);
            }
            else
            {
                context.Output.Line($"Submitted job {json.String("id")} ({json.String("tenant")}/{json.String("name")}): {JobTables.Status(json)}.");
                await context.Host.Error.WriteLineAsync($"Follow it with: eucaim jobs logs {json.String("id")} -f   (or wait for it: eucaim jobs wait {json.String("id")})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CommandFactory factory)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's jobs." };
        var status = new Option<string?>("--status") { Description = "Only jobs in this status: Queued, Starting, Running, Succeeded, Failed, Cancelled, TimedOut." };
        var command = factory.Create("list", "Jobs of your tenants, newest first.",
            "eucaim jobs list",
            "eucaim jobs list --tenant tenant-a --status Failed",
            "eucaim jobs list --json | jq -r '.[] | select(.status==\"Running\") | .id'");
        command.Options.Add(tenant);
        command.Options.Add(status);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var jobs = await context.Api.GetJsonAsync(Query.Of("api/jobs", ("tenant", parse.GetValue(tenant)), ("status", parse.GetValue(status))), token, cancellationToken);
            return context.Output.Print(jobs, document => JobTables.List(context.Output, document));
        });
        return command;
    }

    private static Command Show(CommandFactory factory)
    {
        var id = JobId();
        var command = factory.Create("show", "A job: status and reason, exit code, image, datasets and mounts, times, outputs.",
            "eucaim jobs show 5f0c…",
            "eucaim jobs show 5f0c… --json | jq .exitCode");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var job = await context.Api.GetJsonAsync($"api/jobs/{parse.GetValue(id)}", token, cancellationToken);
            return context.Output.Print(job, document => JobTables.Show(context.Output, document));
        });
        return command;
    }

    private static Command Cancel(CommandFactory factory)
    {
        var id = JobId();
        var command = factory.Create("cancel", "Cancel a job: a queued job never starts, a running one is stopped within seconds (an ended job is refused).",
            "eucaim jobs cancel 5f0c…");
        command.Arguments.Add(id);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var token = await context.Session.AccessTokenAsync(cancellationToken);
            var answer = await context.Api.SendAsync(HttpMethod.Post, $"api/jobs/{parse.GetValue(id)}/cancel", token, cancellationToken);
            var job = answer.Json ?? default;
            if (context.Output.Json)
            {
                context.Output.WriteJson(job);
            }
            else
            {
                context.Output.Line($"Cancelling job {parse.GetValue(id)}: {JobTables.Status(job)}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logs(CommandFactory factory)
    {
        var id = JobId();
        var follow = new Option<bool>("--follow", "-f") { Description = "Print new lines as the job writes them until it ends, then the platform's closing lines." };
        var command = factory.Create("logs", "Print a job's log: what it has written so far, or the archived log once it has ended; -f follows it live.",
            "eucaim jobs logs 5f0c…",
            "eucaim jobs logs 5f0c… -f",
            "eucaim jobs logs 5f0c… | grep -i error");
        command.Arguments.Add(id);
        command.Options.Add(follow);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var logs = new JobLogs(context, parse.GetValue(id));
            if (!parse.GetValue(follow))
            {
                await context.Host.Out.WriteAsync(await logs.ReadAsync(cancellationToken));
                return ExitCodes.Ok;
            }

            var end = await logs.FollowAsync(context.Host.Out, cancellationToken);
            await context.Host.Error.WriteLineAsync($"job {parse.GetValue(id)} ended: {end}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Wait(CommandFactory factory)
    {
        var id = JobId();
        var logs = new Option<bool>("--logs") { Description = "Also print the job's log live while waiting." };
        var command = factory.Create("wait", """
            Wait until a job has ended and its log and outputs are stored; exit with a code from the job:
            0 Succeeded; Failed: the job's own exit code (1-255) when it had one, else 1; 5 Cancelled; 6 TimedOut.
            (Refusals and failures of the tool itself keep their codes: 2 usage, 3 sign-in, 4 refused, 1 failure.)
            """,
            "eucaim jobs wait 5f0c…",
            "eucaim jobs wait 5f0c… --logs",
            "eucaim jobs wait \"$id\" --json | jq -r '.status, .exitCode'",
            "if eucaim jobs wait \"$id\"; then eucaim outputs list \"$id\"; fi");
        command.Arguments.Add(id);
        command.Options.Add(logs);
        factory.Run(command, async (context, parse, cancellationToken) =>
        {
            var job = parse.GetValue(id);
            if (parse.GetValue(logs))
            {
                // The log goes to standard output only for people; with --json it is kept out of the document.
                var end = await new JobLogs(context, job).FollowAsync(context.Output.Json ? context.Host.Error : context.Host.Out, cancellationToken);
                await context.Host.Error.WriteLineAsync($"job {job} ended: {end}");
            }

            var ended = await JobWaiter.WaitAsync(context, job, context.Host.Error, cancellationToken);
            var exitCode = JobExit.Of(ended);
            if (context.Output.Json)
            {
                context.Output.WriteJson(ended);
            }
            else
            {
                var status = JobTables.Status(ended);
                var code = ended.Int("exitCode") is { } c && !status.Contains("exit code", StringComparison.OrdinalIgnoreCase) ? $" (exit code {c})" : "";
                context.Output.Line($"Job {job} {status}{code}; eucaim exits {exitCode}.");
            }

            return exitCode;
        });
        return command;
    }

    private static Argument<Guid> JobId() => new("id") { Description = "The job's id (as `eucaim jobs submit` or `jobs list` prints it)." };
}
