using System.Globalization;

namespace RadioServer.LoadTest;

/// <summary>The report as aligned text lines, for a person.</summary>
internal sealed partial class LoadTestReport
{
    public void WriteText(TextWriter output)
    {
        var o = Options;
        var f = Figures;
        output.WriteLine(Inv($"RadioServer load test: {o.Listeners} listeners on {o.Host}:{o.Port}{o.Mount}{(o.Icy ? " (ICY)" : "")}, ")
                         + $"ramp {N(o.RampPerSecond, "0.#")}/s ({N(f.Ramp.TotalSeconds, "0.0")} s), hold {N(f.Hold.TotalSeconds, "0.0")} s");
        if (f.Interrupted is { } why)
        {
            output.WriteLine($"ERROR          {why}");
        }

        output.WriteLine(Inv($"listeners      requested {Requested}  connected {Connected}  served to the end {Served}  dropped early {DroppedEarly}  failed {Failed}"));
        WriteReasons(output, "failed", FailureReasons);
        WriteReasons(output, "dropped", DropReasons);
        output.WriteLine($"connect        p50 {N(ConnectMs.P50)}  p99 {N(ConnectMs.P99)}  max {N(ConnectMs.Max)} ms");
        output.WriteLine($"TTFB           p50 {N(TtfbMs.P50)}  p90 {N(TtfbMs.P90)}  p99 {N(TtfbMs.P99)}  max {N(TtfbMs.Max)} ms (from connect start)");
        output.WriteLine($"max read gap   p50 {N(MaxGapMs.P50, "0")}  p99 {N(MaxGapMs.P99, "0")}  max {N(MaxGapMs.Max, "0")} ms (per listener, after the first second)");
        if (BitrateKbps > 0)
        {
            output.WriteLine($"throughput     min {N(ThroughputPercent.Min)}  mean {N(ThroughputPercent.Mean)} % of {BitrateKbps} kbps over each life after the first byte (burst included)");
            output.WriteLine($"  after burst  min {N(SteadyThroughputPercent.Min)}  mean {N(SteadyThroughputPercent.Mean)} % (audio after the first second over the rest of the life)");
            output.WriteLine($"  paced        min {N(PacedThroughputPercent.Min)}  mean {N(PacedThroughputPercent.Mean)} % (after the burst, from one read to the last: the write cadence's step at either end left out)");
        }
        else
        {
            output.WriteLine("throughput     - (no icy-br header; give --bitrate-kbps)");
        }

        output.WriteLine($"audio          {N(AudioBytes / Megabyte, "0.0")} MB received");
        if (o.Icy)
        {
            output.WriteLine(Inv($"ICY            blocks {IcyBlocks} (with a title {IcyTitleBlocks})  invalid {IcyInvalid}  metaint {string.Join(",", MetaInts)}"));
        }

        output.WriteLine(MpegChecked == 0
            ? "MPEG           not checked (the body is not audio/mpeg)"
            : Inv($"MPEG           frames {MpegFrames}  sync losses {SyncLosses} (on {ListenersWithSyncLoss} listeners)  never in sync {NeverLocked}"));
        if (o.TitleProbeUrl is not null)
        {
            output.WriteLine(f.ProbeStatus is null
                ? "title probe    not sent (the run ended first)"
                : Inv($"title probe    seen by {ProbeSeen}/{ProbeEligible}  p50 {N(ProbeLatencyMs.P50, "0")}  p99 {N(ProbeLatencyMs.P99, "0")}  max {N(ProbeLatencyMs.Max, "0")} ms")
                  + $"  (sent at hold +{N(f.ProbeAtSeconds ?? 0, "0.0")} s, {(f.ProbeStatus == 0 ? f.ProbeError : $"HTTP {f.ProbeStatus}")} in {N(f.ProbeElapsed?.TotalMilliseconds ?? 0)} ms)");
        }

        if (o.ServerPid is { } pid)
        {
            output.WriteLine($"server CPU     idle {N(f.IdleCpuPercent)} / after {N(f.IdleAfterCpuPercent)}  ramp {N(f.RampCpuPercent)}  hold {N(f.HoldCpuPercent)} % of a core (pid {pid})"
                             + $"  -> {N(CpuPer1000)} % per 1000 listeners");
            output.WriteLine($"server RSS     before {Mb(f.RssBefore)}  end of ramp {Mb(f.RssEndOfRamp)}  peak {Mb(f.RssPeak)}  end {Mb(f.RssEnd)} MB"
                             + $"  -> {N(RssMbPer1000)} MB per 1000 listeners");
        }

        output.WriteLine($"tester CPU     hold {N(f.TesterHoldCpuPercent)}  whole run {N(f.TesterRunCpuPercent)} % of a core");
        output.WriteLine(Passed ? "VERDICT OK" : "VERDICT FAIL");
    }

    private static void WriteReasons(TextWriter output, string what, IReadOnlyList<KeyValuePair<string, int>> reasons)
    {
        foreach (var (reason, count) in reasons.Take(5))
        {
            output.WriteLine(Inv($"  {what,-12} {count} x {reason}"));
        }
    }

    private static string Mb(long? bytes) => N(bytes / Megabyte, "0.0");

    private static string N(double? value, string format = "0.0") =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
