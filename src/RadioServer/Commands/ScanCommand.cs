using System.Diagnostics;
using System.Globalization;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;

namespace RadioServer.Commands;

/// <summary>
/// <c>RadioServer scan &lt;playlist-or-folder&gt; [--data DIR] [--threads N] [--target LUFS]</c>: analyses a library on
/// all cores into the same cache the station uses (so the station starts with nothing to analyse), showing a
/// progress bar on stderr and a table plus a summary on stdout. Exit code 0, or 1 when files failed, 2 on misuse.
/// </summary>
public static class ScanCommand
{
    public const string Name = "scan";

    private const string Usage = "usage: RadioServer scan <playlist-or-folder> [--data DIR (default: data)] [--threads N] [--target LUFS (default: -16)]";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        if (!TryParse(args, out string? library, out string data, out int threads, out double target))
        {
            progress.WriteLine(Usage);
            return 2;
        }

        IReadOnlyList<string> paths;
        try
        {
            paths = [.. PlaylistReader.Read(library!).Select(e => e.Path).Distinct(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            progress.WriteLine($"cannot read {library}: {e.Message}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        using var analyzer = new BackgroundAnalyzer(new AnalysisCache(data), workers: 0);
        var results = analyzer.AnalyseAll(paths, threads, (done, total, path) => DrawProgress(progress, done, total, path), cancellationToken);
        clock.Stop();
        progress.WriteLine();
        return Report(output, paths, results, analyzer.Analysed, clock.Elapsed, threads, target, data);
    }

    private static int Report(TextWriter output, IReadOnlyList<string> paths, IReadOnlyList<TrackAnalysis?> results, long analysed,
        TimeSpan elapsed, int threads, double target, string data)
    {
        var settings = new LoudnessSettings(target);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(inv, "{0,7} {1,6} {2,7} {3,8} {4,8} {5,8} {6,7}  {7}", "LUFS", "LRA", "dBTP", "cue in", "cue out", "length", "gain", "file"));
        int failed = 0;
        double audioSeconds = 0;
        for (int i = 0; i < paths.Count; i++)
        {
            string name = Path.GetFileName(paths[i]);
            if (results[i] is not { Error: null } a)
            {
                failed++;
                output.WriteLine($"{"-",7} {"-",6} {"-",7} {"-",8} {"-",8} {"-",8} {"-",7}  {name}: {results[i]?.Error ?? "cannot read file"}");
                continue;
            }

            audioSeconds += a.DurationSeconds;
            output.WriteLine(string.Format(inv, "{0,7:F1} {1,6:F1} {2,7:F1} {3,8:F2} {4,8:F2} {5,8:F1} {6,7:+0.0;-0.0}  {7}",
                a.IntegratedLufs, a.LoudnessRangeLu, a.TruePeakDbtp, a.CueInSeconds, a.CueOutSeconds, a.DurationSeconds, settings.GainFor(a).GainDb, name));
        }

        output.WriteLine(string.Format(inv,
            "{0} files ({1:F1} min of audio): {2} analysed now, {3} from the cache, {4} failed; {5:F1} s on {6} threads{7}; cache {8}",
            paths.Count, audioSeconds / 60, analysed, paths.Count - analysed, failed, elapsed.TotalSeconds, threads,
            analysed > 0 && elapsed > TimeSpan.Zero ? $" ({audioSeconds / elapsed.TotalSeconds:F0}× real time)" : "",
            Path.Combine(Path.GetFullPath(data), AnalysisCache.FileName)));
        return failed > 0 ? 1 : 0;
    }

    private static void DrawProgress(TextWriter progress, int done, int total, string path)
    {
        const int width = 30;
        int filled = total == 0 ? width : done * width / total;
        string name = Path.GetFileName(path);
        name = name.Length > 40 ? name[..37] + "..." : name;
        lock (progress)
        {
            progress.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {name,-40}");
        }
    }

    private static bool TryParse(IReadOnlyList<string> args, out string? library, out string data, out int threads, out double target)
    {
        library = null;
        data = "data";
        threads = Environment.ProcessorCount;
        target = -16;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            bool hasValue = i + 1 < args.Count;
            if (a == "--data" && hasValue)
            {
                data = args[++i];
            }
            else if (a == "--threads" && hasValue && int.TryParse(args[++i], CultureInfo.InvariantCulture, out threads) && threads > 0)
            {
                continue;
            }
            else if (a == "--target" && hasValue && double.TryParse(args[++i], CultureInfo.InvariantCulture, out target))
            {
                continue;
            }
            else if (!a.StartsWith("--", StringComparison.Ordinal) && library is null)
            {
                library = a;
            }
            else
            {
                return false;
            }
        }

        return library is not null;
    }
}
