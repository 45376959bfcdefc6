using System.Text.Json;

namespace RadioServer.LoadTest;

/// <summary>The report as one JSON object (times in ms, CPU in % of one core, memory in MB; null where not measured).</summary>
internal sealed partial class LoadTestReport
{
    public void WriteJson(Stream output)
    {
        var o = Options;
        var f = Figures;
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            w.WriteString("host", o.Host.ToString());
            w.WriteNumber("port", o.Port);
            w.WriteString("mount", o.Mount);
            w.WriteBoolean("icy", o.Icy);
            w.WriteNumber("ramp_per_second", o.RampPerSecond);
            Number(w, "ramp_seconds", f.Ramp.TotalSeconds);
            Number(w, "hold_seconds", f.Hold.TotalSeconds);
            w.WriteString("interrupted", f.Interrupted);

            w.WriteStartObject("listeners");
            w.WriteNumber("requested", Requested);
            w.WriteNumber("connected", Connected);
            w.WriteNumber("served", Served);
            w.WriteNumber("dropped_early", DroppedEarly);
            w.WriteNumber("failed", Failed);
            Reasons(w, "failure_reasons", FailureReasons);
            Reasons(w, "drop_reasons", DropReasons);
            w.WriteEndObject();

            Percentiles(w, "connect_ms", ConnectMs);
            Percentiles(w, "ttfb_ms", TtfbMs);
            Percentiles(w, "max_read_gap_ms", MaxGapMs);

            w.WriteStartObject("throughput");
            w.WriteNumber("bitrate_kbps", BitrateKbps);
            Number(w, "min_percent", ThroughputPercent.Min);
            Number(w, "mean_percent", ThroughputPercent.Mean);
            Number(w, "after_burst_min_percent", SteadyThroughputPercent.Min);
            Number(w, "after_burst_mean_percent", SteadyThroughputPercent.Mean);
            Number(w, "paced_min_percent", PacedThroughputPercent.Min);
            Number(w, "paced_mean_percent", PacedThroughputPercent.Mean);
            w.WriteNumber("audio_bytes", AudioBytes);
            w.WriteEndObject();

            w.WriteStartObject("icy_metadata");
            w.WriteNumber("blocks", IcyBlocks);
            w.WriteNumber("title_blocks", IcyTitleBlocks);
            w.WriteNumber("invalid", IcyInvalid);
            w.WriteStartArray("metaint");
            foreach (int m in MetaInts)
            {
                w.WriteNumberValue(m);
            }

            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteStartObject("mpeg");
            w.WriteNumber("listeners_checked", MpegChecked);
            w.WriteNumber("frames", MpegFrames);
            w.WriteNumber("sync_losses", SyncLosses);
            w.WriteNumber("listeners_with_sync_loss", ListenersWithSyncLoss);
            w.WriteNumber("never_in_sync", NeverLocked);
            w.WriteEndObject();

            if (o.TitleProbeUrl is not null)
            {
                w.WriteStartObject("title_probe");
                w.WriteString("title", f.ProbeTitle);
                if (f.ProbeStatus is { } status)
                {
                    w.WriteNumber("http_status", status);
                }
                else
                {
                    w.WriteNull("http_status");
                }

                w.WriteString("error", f.ProbeError);
                Number(w, "request_ms", f.ProbeElapsed?.TotalMilliseconds);
                Number(w, "sent_at_hold_seconds", f.ProbeAtSeconds);
                w.WriteNumber("listeners", ProbeEligible);
                w.WriteNumber("seen", ProbeSeen);
                Number(w, "p50_ms", ProbeLatencyMs.P50);
                Number(w, "p99_ms", ProbeLatencyMs.P99);
                Number(w, "max_ms", ProbeLatencyMs.Max);
                w.WriteEndObject();
            }

            if (o.ServerPid is { } pid)
            {
                w.WriteStartObject("server");
                w.WriteNumber("pid", pid);
                Number(w, "cpu_idle_percent", f.IdleCpuPercent);
                Number(w, "cpu_idle_after_percent", f.IdleAfterCpuPercent);
                Number(w, "cpu_idle_baseline_percent", f.IdleBaselineCpuPercent);
                Number(w, "cpu_ramp_percent", f.RampCpuPercent);
                Number(w, "cpu_hold_percent", f.HoldCpuPercent);
                Number(w, "cpu_percent_per_1000", CpuPer1000);
                Number(w, "rss_before_mb", f.RssBefore / Megabyte);
                Number(w, "rss_end_of_ramp_mb", f.RssEndOfRamp / Megabyte);
                Number(w, "rss_peak_mb", f.RssPeak / Megabyte);
                Number(w, "rss_end_mb", f.RssEnd / Megabyte);
                Number(w, "rss_mb_per_1000", RssMbPer1000);
                w.WriteEndObject();
            }

            w.WriteStartObject("tester");
            Number(w, "cpu_hold_percent", f.TesterHoldCpuPercent);
            Number(w, "cpu_run_percent", f.TesterRunCpuPercent);
            w.WriteEndObject();

            w.WriteBoolean("passed", Passed);
            w.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        output.Flush();
    }

    private static void Percentiles(Utf8JsonWriter w, string name, Distribution d)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", d.Count);
        Number(w, "p50", d.P50);
        Number(w, "p90", d.P90);
        Number(w, "p99", d.P99);
        Number(w, "max", d.Max);
        w.WriteEndObject();
    }

    private static void Reasons(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, int>> reasons)
    {
        w.WriteStartObject(name);
        foreach (var (reason, count) in reasons)
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
