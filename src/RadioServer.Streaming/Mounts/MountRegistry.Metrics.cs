using System.Diagnostics.Metrics;

namespace RadioServer.Streaming.Mounts;

public sealed partial class MountRegistry
{
    /// <summary>
    /// Mounts whose encoders publish, on <paramref name="meter"/> (<c>RadioServer.Streaming</c>), the seconds they
    /// have encoded and how far they trail the bus (<paramref name="busSeconds"/>), one series per mount. One
    /// observable instrument per family rather than one per encoder, so each family is declared once.
    /// </summary>
    public MountRegistry(IEnumerable<Mount> mounts, DateTimeOffset started, Meter? meter, Func<double> busSeconds)
        : this(mounts, started)
    {
        ArgumentNullException.ThrowIfNull(busSeconds);
        if (meter is null)
        {
            return;
        }

        meter.CreateObservableCounter("radioserver_encoder_encoded_seconds", () => PerMount(m => m.Encoder.EncodedSeconds), unit: "s",
            description: "Seconds of audio encoded, per mount.");
        meter.CreateObservableGauge("radioserver_encoder_lag_seconds", () =>
        {
            double bus = busSeconds();
            return PerMount(m => Math.Max(0, bus - m.Encoder.EncodedSeconds));
        }, unit: "s", description: "Audio on the bus not yet out of the encoder (encoder delay and buffering included), per mount.");
    }

    private IEnumerable<Measurement<double>> PerMount(Func<Mount, double> value) =>
        All.Where(static m => !m.Options.Hidden).OrderBy(m => m.Path, StringComparer.Ordinal).Select(m => new Measurement<double>(value(m), new KeyValuePair<string, object?>("mount", m.Path)));
}
