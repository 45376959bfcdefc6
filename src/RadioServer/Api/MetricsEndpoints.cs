using RadioServer.Listeners;
using RadioServer.NowPlaying;
using RadioServer.Playout;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Api;

/// <summary>
/// Prometheus <c>/metrics</c> (text format 0.0.4), <c>/healthz</c> (the process answers) and <c>/readyz</c>
/// (200 only once the PCM bus has produced audio, 503 before).
/// </summary>
internal static class MetricsEndpoints
{
    public static void Map(WebApplication app)
    {
        var station = app.Services.GetRequiredService<StationPlayout>();
        var mountRegistry = app.Services.GetRequiredService<MountRegistry>();
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain; charset=utf-8"));
        app.MapGet("/readyz", () => station.Bus.FramesPublished > 0
            ? Results.Text("ready\n", "text/plain; charset=utf-8")
            : Results.Text("not ready: the bus has produced no audio yet\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", (ListenerMetrics metrics, ListenerService listeners, NowPlayingService nowPlaying, TimeProvider time) =>
            Results.Text(Write(station, mountRegistry, metrics, listeners, nowPlaying, time), PrometheusWriter.ContentType));
    }

    public static string Write(StationPlayout station, MountRegistry mountRegistry, ListenerMetrics metrics, ListenerService listeners, NowPlayingService nowPlaying, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(nowPlaying);
        ArgumentNullException.ThrowIfNull(time);
        var mounts = mountRegistry.All.OrderBy(m => m.Path, StringComparer.Ordinal).ToList();
        var liveBytes = listeners.Sessions.GroupBy(s => s.Mount.Path).ToDictionary(g => g.Key, g => g.Sum(s => s.Bytes), StringComparer.Ordinal);
        double busSeconds = (double)station.Bus.FramesPublished / station.Bus.Format.SampleRate;
        var w = new PrometheusWriter();

        w.Family("radioserver_listeners", "gauge", "Listeners connected now, per mount.");
        mounts.ForEach(m => w.Sample("radioserver_listeners", m.Listeners, ("mount", m.Path)));
        w.Family("radioserver_listener_peak", "gauge", "Most listeners at once since start, per mount.");
        mounts.ForEach(m => w.Sample("radioserver_listener_peak", m.ListenerPeak, ("mount", m.Path)));
        w.Family("radioserver_listener_connects_total", "counter", "Listeners admitted, per mount.");
        mounts.ForEach(m => w.Sample("radioserver_listener_connects_total", metrics.Connects(m.Path), ("mount", m.Path)));
        w.Family("radioserver_listener_disconnects_total", "counter", "Listeners that left, per mount and reason (closed, fell_behind = dropped for reading too slowly, killed by an admin).");
        foreach (var m in mounts)
        {
            foreach (string reason in ListenerMetrics.DisconnectReasons)
            {
                w.Sample("radioserver_listener_disconnects_total", metrics.Disconnects(m.Path, reason), ("mount", m.Path), ("reason", reason));
            }
        }

        w.Family("radioserver_listener_rejections_total", "counter", "Listeners refused with 403, per mount and reason.");
        foreach (var m in mounts)
        {
            foreach (string reason in ListenerMetrics.RejectReasons)
            {
                w.Sample("radioserver_listener_rejections_total", metrics.Rejects(m.Path, reason), ("mount", m.Path), ("reason", reason));
            }
        }

        w.Family("radioserver_bytes_out_total", "counter", "Audio bytes written to listeners (ICY metadata not counted), per mount.");
        mounts.ForEach(m => w.Sample("radioserver_bytes_out_total", metrics.BytesOfEnded(m.Path) + liveBytes.GetValueOrDefault(m.Path), ("mount", m.Path)));
        w.Family("radioserver_encoder_encoded_seconds_total", "counter", "Seconds of audio encoded, per mount.");
        mounts.ForEach(m => w.Sample("radioserver_encoder_encoded_seconds_total", m.Encoder.EncodedSeconds, ("mount", m.Path)));
        w.Family("radioserver_encoder_lag_seconds", "gauge", "Audio on the bus not yet out of the encoder (encoder delay and buffering included), per mount.");
        mounts.ForEach(m => w.Sample("radioserver_encoder_lag_seconds", Math.Max(0, busSeconds - m.Encoder.EncodedSeconds), ("mount", m.Path)));
        w.Family("radioserver_bus_seconds_total", "counter", "Seconds of PCM the playout bus has produced.");
        w.Sample("radioserver_bus_seconds_total", busSeconds);

        w.Family("radioserver_items_aired_total", "counter", "Items that went on air.");
        w.Sample("radioserver_items_aired_total", station.ItemCounts.Aired);
        w.Family("radioserver_items_failed_total", "counter", "Items skipped because they could not be opened or decoded to nothing (broken or missing files).");
        w.Sample("radioserver_items_failed_total", station.ItemCounts.Failed);
        w.Family("radioserver_items_decode_errors_total", "counter", "Items that aired with decode errors (bad frames skipped or the rest of the file given up).");
        w.Sample("radioserver_items_decode_errors_total", station.ItemCounts.WithDecodeErrors);
        w.Family("radioserver_playout_late_blocks_total", "counter", "PCM blocks released more than one block late (the playout thread did not get the CPU in time).");
        w.Sample("radioserver_playout_late_blocks_total", station.Clock.LateBlocks);
        w.Family("radioserver_playout_stalls_total", "counter", "Times playout fell too far behind the clock (5 s) and re-based rather than burst catch-up audio (the machine stalled).");
        w.Sample("radioserver_playout_stalls_total", station.Clock.Stalls);
        w.Family("radioserver_dead_air_seconds_total", "counter", "Seconds of bus audio whose peak stayed below -80 dBFS.");
        w.Sample("radioserver_dead_air_seconds_total", station.DeadAir.DeadAirSeconds);
        w.Family("radioserver_silence_current_seconds", "gauge", "Length of the silence on air now (0 while there is sound): alert when it grows.");
        w.Sample("radioserver_silence_current_seconds", station.DeadAir.CurrentSilenceSeconds);

        var progress = nowPlaying.Progress();
        w.Family("radioserver_item_elapsed_seconds", "gauge", "Seconds the current item has played (0 before the first).");
        w.Sample("radioserver_item_elapsed_seconds", progress?.Elapsed ?? 0);
        w.Family("radioserver_item_duration_seconds", "gauge", "Length of the current item (NaN when unknown).");
        w.Sample("radioserver_item_duration_seconds", progress?.Duration ?? double.NaN);
        w.Family("radioserver_item_progress_ratio", "gauge", "Share of the current item played, 0 to 1 (NaN when its length is unknown).");
        w.Sample("radioserver_item_progress_ratio", progress is { Duration: > 0 } p ? Math.Clamp(p.Elapsed / p.Duration!.Value, 0, 1) : double.NaN);
        w.Family("radioserver_uptime_seconds", "gauge", "Seconds since the station started.");
        w.Sample("radioserver_uptime_seconds", (time.GetUtcNow() - mountRegistry.Started).TotalSeconds);
        return w.ToString();
    }
}
