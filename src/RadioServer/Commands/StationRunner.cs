using RadioServer.Configuration;
using RadioServer.Hosting;
using RadioServer.Streaming.Interop;

namespace RadioServer.Commands;

/// <summary>Runs the station (no sub-command): the full command line goes to ASP.NET configuration untouched.</summary>
internal static class StationRunner
{
    public static async Task<int> RunAsync(string[] args, TextWriter errors)
    {
        if (!LameLibrary.IsAvailable())
        {
            await errors.WriteLineAsync(LameLibrary.InstallHint).ConfigureAwait(false);
            return 1;
        }

        try
        {
            var app = RadioServerApp.Build(args);
            await app.RunAsync().ConfigureAwait(false);
            return Environment.ExitCode; // 0, or PlayoutService.ExitCode when the playout clock died
        }
        catch (ConfigurationFileException e)
        {
            await errors.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
