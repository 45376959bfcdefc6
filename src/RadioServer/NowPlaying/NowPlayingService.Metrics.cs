using System.Diagnostics.Metrics;

namespace RadioServer.NowPlaying;

public sealed partial class NowPlayingService
{
    /// <summary>The current item's progress on the <c>RadioServer.NowPlaying</c> meter, computed from <see cref="Progress"/> when scraped.</summary>
    private void AddInstruments(Meter meter)
    {
        meter.CreateObservableGauge("radioserver_item_elapsed_seconds", () => Progress()?.Elapsed ?? 0, unit: "s",
            description: "Seconds the current item has played (0 before the first).");
        meter.CreateObservableGauge("radioserver_item_duration_seconds", () => Progress()?.Duration ?? double.NaN, unit: "s",
            description: "Length of the current item (NaN when unknown).");
        meter.CreateObservableGauge("radioserver_item_progress_ratio", () =>
            Progress() is { Duration: > 0 } p ? Math.Clamp(p.Elapsed / p.Duration!.Value, 0, 1) : double.NaN,
            description: "Share of the current item played, 0 to 1 (NaN when its length is unknown).");
    }
}
