using System.CommandLine;
using System.Diagnostics;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Library;

namespace RadioServer.Commands;

/// <summary>
/// <c>RadioServer scan &lt;playlist-or-folder&gt; [--data DIR] [--threads N] [--target LUFS]</c>: analyses a library on
/// all cores into the same cache the station uses (so the station starts with nothing to analyse), showing a
/// progress bar on stderr and a table plus a summary on stdout. Exit code 0, or 1 when files failed, 2 on misuse.
/// </summary>
internal static class ScanCommand
{
    public static Command Create()
    {
        var library = new Argument<string>("playlist-or-folder") { Description = "An M3U/M3U8/PLS playlist, a folder of MP3 files (recursive) or one MP3 file." };
        var data = new Option<string>("--data") { Description = "The station's data folder, where the analysis cache lives.", HelpName = "dir", DefaultValueFactory = static _ => "data" };
        var threads = new Option<int>("--threads") { Description = "How many files to analyse at once.", HelpName = "N", DefaultValueFactory = static _ => Environment.ProcessorCount };
        threads.Validators.Add(static r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError("--threads must be at least 1.");
            }
        });
        var target = new Option<double>("--target") { Description = "Loudness target in LUFS, for the gain column.", HelpName = "LUFS", DefaultValueFactory = static _ => -16, CustomParser = CommonOptions.InvariantDouble };
        var command = new Command("scan", "Analyse a library (loudness, true peak, cue points) into the station's cache, on all cores.")
        {
            library, data, threads, target,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(!ConfigurationOverrides.NoneLeft(parse)
            ? RadioServerCli.UsageError
            : Run(parse.GetValue(library)!, parse.GetValue(data)!, parse.GetValue(threads), parse.GetValue(target),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken)));
        return command;
    }

    private static int Run(string library, string data, int threads, double target, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> paths;
        try
        {
            paths = [.. PlaylistReader.Read(library).Select(e => e.Path).Distinct(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            progress.WriteLine($"cannot read {library}: {e.Message}");
            return RadioServerCli.UsageError;
        }

        var clock = Stopwatch.StartNew();
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0);
        var results = ScanProgress.Run(progress, paths.Count, report => analyzer.AnalyseAll(paths, threads, report, cancellationToken));
        clock.Stop();
        return ScanReport.Write(output, new ScanRun(paths, results, analyzer.Analysed, clock.Elapsed, threads, target, data));
    }
}
