using RadioServer.Commands;

namespace RadioServer.Tests.Cli;

/// <summary>Runs the real command line with captured output; the station itself is replaced by a recorder.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (code, output, errors, _) = await RunRecordingStationAsync(args);
        return (code, output, errors);
    }

    /// <summary>Also returns the command line the station was started with (null when it was not started).</summary>
    public static async Task<(int Code, string Out, string Err, string[]? StationArgs)> RunRecordingStationAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        string[]? stationArgs = null;
        int code = await RadioServerCli.InvokeAsync(args, output, errors, runStation: (a, _) =>
        {
            stationArgs = a;
            return Task.FromResult(0);
        });
        return (code, output.ToString(), errors.ToString(), stationArgs);
    }
}
