namespace RadioServer.Telemetry;

/// <summary>
/// The station's meters, one per area (docs/metrics.md lists every instrument). The OpenTelemetry exporter
/// behind <c>/metrics</c> listens to exactly these.
/// </summary>
public static class MeterNames
{
    /// <summary>Playout engine, playout clock, PCM bus, dead-air watchdog, uptime.</summary>
    public const string Playout = "RadioServer.Playout";

    /// <summary>Mount encoders.</summary>
    public const string Streaming = "RadioServer.Streaming";

    /// <summary>Listener connects, disconnects, refusals, bytes, current count and peak.</summary>
    public const string Listeners = "RadioServer.Listeners";

    /// <summary>Progress of the item on air.</summary>
    public const string NowPlaying = "RadioServer.NowPlaying";

    /// <summary>Failures that background loops (statistics, push) caught and carried on from.</summary>
    public const string Health = "RadioServer.Health";

    /// <summary>All of the above.</summary>
    public static readonly IReadOnlyList<string> All = [Playout, Streaming, Listeners, NowPlaying, Health];
}
