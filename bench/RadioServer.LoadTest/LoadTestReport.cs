using System.Diagnostics;

namespace RadioServer.LoadTest;

/// <summary>The figures of one run, computed from the connections once they have all ended; written as text or JSON.</summary>
internal sealed partial class LoadTestReport
{
    private const double Megabyte = 1024 * 1024;
    private static readonly double TicksPerMs = Stopwatch.Frequency / 1000.0;

    public LoadTestReport(LoadTestOptions options, ListenerConnection[] connections, ServerFigures figures, long probeTimestamp)
    {
        Options = options;
        Figures = figures;
        Requested = options.Listeners;
        Served = connections.Count(static c => c.Outcome == ListenerOutcome.Served);
        DroppedEarly = connections.Count(static c => c.Outcome == ListenerOutcome.DroppedEarly);
        Failed = connections.Count(static c => c.Outcome == ListenerOutcome.Failed);
        Connected = Served + DroppedEarly;
        FailureReasons = Reasons(connections, ListenerOutcome.Failed);
        DropReasons = Reasons(connections, ListenerOutcome.DroppedEarly);

        var streamed = connections.Where(static c => c.Outcome is ListenerOutcome.Served or ListenerOutcome.DroppedEarly).ToArray();
        ConnectMs = new Distribution(connections.Where(static c => c.ConnectedTimestamp > 0).Select(static c => Ms(c.ConnectedTimestamp - c.StartTimestamp)));
        TtfbMs = new Distribution(connections.Where(static c => c.FirstByteTimestamp > 0).Select(static c => Ms(c.FirstByteTimestamp - c.StartTimestamp)));
        MaxGapMs = new Distribution(streamed.Where(static c => Life(c) > 2 * Stopwatch.Frequency).Select(static c => Ms(c.MaxGapTicks)));

        var rated = streamed.Where(c => BitrateOf(c) > 0 && Life(c) > 2 * Stopwatch.Frequency).ToArray();
        BitrateKbps = rated.Length == 0 ? 0 : BitrateOf(rated[0]);
        ThroughputPercent = new Distribution(rated.Select(c => 100 * c.AudioBytes / Expected(c, Life(c))));
        SteadyThroughputPercent = new Distribution(rated.Select(c => 100 * c.AudioBytesAfterBurst / Expected(c, Life(c) - Stopwatch.Frequency)));
        PacedThroughputPercent = new Distribution(rated.Where(static c => c.PacedEndTimestamp - c.PacedStartTimestamp > Stopwatch.Frequency)
            .Select(c => 100 * c.PacedAudioBytes / Expected(c, c.PacedEndTimestamp - c.PacedStartTimestamp)));
        AudioBytes = streamed.Sum(static c => c.AudioBytes);

        IcyBlocks = streamed.Sum(static c => (long)c.IcyBlocks);
        IcyTitleBlocks = streamed.Sum(static c => (long)c.IcyTitleBlocks);
        IcyInvalid = streamed.Sum(static c => (long)c.IcyInvalid);
        MetaInts = [.. streamed.Select(static c => c.Head.MetaInt).Where(static m => m > 0).Distinct().Order()];

        var mpeg = streamed.Where(static c => c.Mpeg is not null).ToArray();
        MpegChecked = mpeg.Length;
        MpegFrames = mpeg.Sum(static c => c.Mpeg!.Frames);
        SyncLosses = mpeg.Sum(static c => (long)c.Mpeg!.SyncLosses);
        ListenersWithSyncLoss = mpeg.Count(static c => c.Mpeg!.SyncLosses > 0);
        NeverLocked = mpeg.Count(static c => !c.Mpeg!.EverLocked && c.AudioBytes >= 8192);

        ProbeEligible = connections.Count(static c => c.StreamingAtProbe);
        var seen = connections.Where(static c => c.StreamingAtProbe && c.TitleSeenTimestamp > 0).ToArray();
        ProbeSeen = seen.Length;
        ProbeLatencyMs = new Distribution(seen.Select(c => Ms(c.TitleSeenTimestamp - probeTimestamp)));
    }

    public LoadTestOptions Options { get; }

    public ServerFigures Figures { get; }

    public int Requested { get; }

    /// <summary>Listeners that got a 200 and streamed (to the end or not).</summary>
    public int Connected { get; }

    public int Served { get; }

    public int DroppedEarly { get; }

    public int Failed { get; }

    public IReadOnlyList<KeyValuePair<string, int>> FailureReasons { get; }

    public IReadOnlyList<KeyValuePair<string, int>> DropReasons { get; }

    public Distribution ConnectMs { get; }

    /// <summary>Time to the first response byte, from the start of connect.</summary>
    public Distribution TtfbMs { get; }

    public Distribution MaxGapMs { get; }

    /// <summary>The bitrate the throughput is measured against (the first listener's, if icy-br differs).</summary>
    public int BitrateKbps { get; }

    /// <summary>Audio bytes against the bitrate over each listener's life after its first byte (the burst included).</summary>
    public Distribution ThroughputPercent { get; }

    /// <summary>The same after the burst: audio after the first second against the bitrate over the rest of the life.</summary>
    public Distribution SteadyThroughputPercent { get; }

    /// <summary>
    /// The delivered rate after the burst, between reads: audio after the first read past the burst against the bitrate
    /// over the time to the last read (<see cref="ListenerConnection.PacedAudioBytes"/>), so a write cadence's step
    /// cut off by the end of a life does not count against the server.
    /// </summary>
    public Distribution PacedThroughputPercent { get; }

    public long AudioBytes { get; }

    public long IcyBlocks { get; }

    public long IcyTitleBlocks { get; }

    public long IcyInvalid { get; }

    public IReadOnlyList<int> MetaInts { get; }

    public int MpegChecked { get; }

    public long MpegFrames { get; }

    public long SyncLosses { get; }

    public int ListenersWithSyncLoss { get; }

    /// <summary>MPEG listeners whose audio never locked on a frame header.</summary>
    public int NeverLocked { get; }

    public int ProbeEligible { get; }

    public int ProbeSeen { get; }

    public Distribution ProbeLatencyMs { get; }

    /// <summary>The server's CPU during the hold over its idle CPU (before and after the run), in % of one core per 1000 connected listeners.</summary>
    public double? CpuPer1000 => Figures.HoldCpuPercent is { } hold && Figures.IdleBaselineCpuPercent is { } idle && Connected > 0
        ? (hold - idle) / (Connected / 1000.0) : null;

    /// <summary>The server's RSS growth from before the first connection to the end of the hold, in MB per 1000 connected listeners.</summary>
    public double? RssMbPer1000 => Figures.RssEnd is { } end && Figures.RssBefore is { } before && Connected > 0
        ? (end - before) / Megabyte / (Connected / 1000.0) : null;

    /// <summary>
    /// Every listener streamed to the end, every metadata block was valid, no MPEG sync was lost and, with a probe,
    /// the probe was accepted and every listener saw its title.
    /// </summary>
    public bool Passed => Failed == 0 && DroppedEarly == 0 && Connected == Requested && IcyInvalid == 0 && SyncLosses == 0
                          && NeverLocked == 0 && Figures.Interrupted is null
                          && (Options.TitleProbeUrl is null || (Figures.ProbeStatus == 200 && ProbeSeen == ProbeEligible));

    private double Expected(ListenerConnection c, long ticks) => BitrateOf(c) * 1000.0 / 8 * ticks / Stopwatch.Frequency;

    private int BitrateOf(ListenerConnection c) => Options.BitrateKbps ?? c.Head.BitrateKbps;

    private static long Life(ListenerConnection c) => c.EndTimestamp - c.FirstByteTimestamp;

    private static double Ms(long ticks) => ticks / TicksPerMs;

    private static KeyValuePair<string, int>[] Reasons(ListenerConnection[] connections, ListenerOutcome outcome) =>
    [
        .. connections.Where(c => c.Outcome == outcome)
            .GroupBy(static c => c.Reason ?? "unknown", StringComparer.Ordinal)
            .Select(static g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(static p => p.Value),
    ];
}
