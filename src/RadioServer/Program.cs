using RadioServer.Commands;
using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Streaming.Interop;

if (args is [ScanCommand.Name, .. var scanArgs])
{
    return ScanCommand.Run(scanArgs, Console.Out, Console.Error);
}

if (StationCommands.Handles(args))
{
    return StationCommands.Run(args, Console.Out, Console.Error);
}

if (ControlCommands.Handles(args))
{
    return await ControlCommands.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
}

if (!LameLibrary.IsAvailable())
{
    await Console.Error.WriteLineAsync(LameLibrary.InstallHint).ConfigureAwait(false);
    return 1;
}

try
{
    var app = RadioServerApp.Build(args);
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (ConfigurationFileException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 1;
}
