using RadioServer.Commands;

// The command line is parsed by System.CommandLine (Commands/RadioServerCli.cs); with no sub-command the whole
// command line goes to the station, where ASP.NET configuration reads --urls, --config and --station:key=value.
return await RadioServerCli.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
