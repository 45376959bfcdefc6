namespace RadioServer.Playout.Live;

/// <summary>How a live source takes over from automation and hands back.</summary>
/// <param name="Crossfade">Length of the fade between automation and live, both ways.</param>
/// <param name="Prebuffer">Live audio gathered before the takeover, to ride out network jitter.</param>
/// <param name="SilenceTimeout">Live audio quieter than <paramref name="SilenceThresholdDb"/> for this long hands back to automation.</param>
public sealed record LiveSettings(TimeSpan Crossfade, TimeSpan Prebuffer, TimeSpan SilenceTimeout, double SilenceThresholdDb = -50);
