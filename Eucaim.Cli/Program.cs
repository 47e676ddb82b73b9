using Eucaim.Cli.Platform;

return await CliApp.RunAsync(args, CliHost.FromProcess());
