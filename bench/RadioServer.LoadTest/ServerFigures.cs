namespace RadioServer.LoadTest;

/// <summary>What the runner measured around the listeners: the server's CPU and RSS (with --pid) and the tester's own CPU.</summary>
internal sealed class ServerFigures
{
    /// <summary>The server's CPU, % of one core, over the idle window before the first connection.</summary>
    public double? IdleCpuPercent { get; set; }

    /// <summary>The server's CPU over the idle window after the last listener left (and a settle).</summary>
    public double? IdleAfterCpuPercent { get; set; }

    /// <summary>
    /// The idle CPU the listeners' share is taken over: the mean of the windows before and after the run when both
    /// were sampled. A station's own work varies with what is on air (a crossfade decodes two items, a station ID a
    /// third) from one 30 s window to the next; the windows on both sides of the run are the better estimate of what
    /// the same process spent on its own during it. At 1,000 listeners a point of a core is a third of their share.
    /// </summary>
    public double? IdleBaselineCpuPercent => (IdleCpuPercent, IdleAfterCpuPercent) switch
    {
        ({ } before, { } after) when !double.IsNaN(after) => (before + after) / 2,
        var (before, _) => before,
    };

    public double? RampCpuPercent { get; set; }

    public double? HoldCpuPercent { get; set; }

    public long? RssBefore { get; set; }

    public long? RssEndOfRamp { get; set; }

    public long? RssPeak { get; private set; }

    public long? RssEnd { get; set; }

    /// <summary>The tester's own CPU, % of one core, over the hold and over the whole run.</summary>
    public double TesterHoldCpuPercent { get; set; }

    public double TesterRunCpuPercent { get; set; }

    public TimeSpan Ramp { get; set; }

    public TimeSpan Hold { get; set; }

    /// <summary>Seconds from the start of the hold at which the title probe was sent.</summary>
    public double? ProbeAtSeconds { get; set; }

    public string? ProbeTitle { get; set; }

    public int? ProbeStatus { get; set; }

    public TimeSpan? ProbeElapsed { get; set; }

    public string? ProbeError { get; set; }

    /// <summary>Set when the run stopped before its time (Ctrl+C, or no more file descriptors).</summary>
    public string? Interrupted { get; set; }

    /// <summary>Records an RSS sample (also for the peak); returns it.</summary>
    public long? Rss(long? bytes)
    {
        if (bytes is { } b && (RssPeak is null || b > RssPeak))
        {
            RssPeak = b;
        }

        return bytes;
    }

    public static double CpuPercent(TimeSpan? cpuStart, TimeSpan? cpuEnd, TimeSpan wall) =>
        cpuStart is { } a && cpuEnd is { } b && wall > TimeSpan.Zero ? 100 * (b - a).TotalSeconds / wall.TotalSeconds : double.NaN;
}
