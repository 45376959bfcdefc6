using System.Globalization;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Sound;
using Spectre.Console;

namespace RadioServer.Commands;

/// <summary>The <c>scan</c> results: a Spectre.Console table (one row per file, failures with their reason) and a one-line summary.</summary>
internal static class ScanReport
{
    /// <summary>Writes the table and the summary; returns the exit code (1 when any file failed).</summary>
    public static int Write(TextWriter output, ScanRun run)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        var settings = new LoudnessSettings(run.Target);
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Simple);
        foreach (string header in (string[])["LUFS", "LRA", "dBTP", "cue in", "cue out", "length", "gain"])
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        table.AddColumn("file");
        int failed = 0;
        double audioSeconds = 0;
        for (int i = 0; i < run.Paths.Count; i++)
        {
            string name = Path.GetFileName(run.Paths[i]);
            if (run.Results[i] is not { Error: null } a)
            {
                failed++;
                table.AddRow(Cells("-", "-", "-", "-", "-", "-", "-", $"{name}: {run.Results[i]?.Error ?? "cannot read file"}"));
                continue;
            }

            audioSeconds += a.DurationSeconds;
            table.AddRow(Cells(
                a.IntegratedLufs.ToString("F1", inv), a.LoudnessRangeLu.ToString("F1", inv), a.TruePeakDbtp.ToString("F1", inv),
                a.CueInSeconds.ToString("F2", inv), a.CueOutSeconds.ToString("F2", inv), a.DurationSeconds.ToString("F1", inv),
                settings.GainFor(a).GainDb.ToString("+0.0;-0.0", inv), name));
        }

        SpectreConsoles.For(output).Write(table);
        output.WriteLine(string.Format(inv,
            "{0} files ({1:F1} min of audio): {2} analysed now, {3} from the cache, {4} failed; {5:F1} s on {6} threads{7}; cache {8}",
            run.Paths.Count, audioSeconds / 60, run.Analysed, run.Paths.Count - run.Analysed, failed, run.Elapsed.TotalSeconds, run.Threads,
            run.Analysed > 0 && run.Elapsed > TimeSpan.Zero ? $" ({audioSeconds / run.Elapsed.TotalSeconds:F0}× real time)" : "",
            Path.Combine(Path.GetFullPath(run.Data), AnalysisCache.FileName)));
        return failed > 0 ? 1 : 0;
    }

    // Text, not markup: file names and decoder messages may hold [brackets].
    private static Text[] Cells(params string[] values) => [.. values.Select(static v => new Text(v))];
}
