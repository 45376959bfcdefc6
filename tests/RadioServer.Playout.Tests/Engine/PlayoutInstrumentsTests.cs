using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Clock;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>The playout components publish their counters on a meter they are given (a fresh one per test).</summary>
public class PlayoutInstrumentsTests
{
    [Fact]
    public void Instruments_EngineBusAndWatchdogOnOneMeter_ReadTheirCounters()
    {
        using var meter = new Meter("RadioServer.Playout.Test");
        var format = StationFormat.Default;
        var items = new SyntheticItems(format.SampleRate, format.Channels, 0.2, 0.2, 0.2);
        var bus = new PcmBus(format, meter);
        var watchdog = new DeadAirWatchdog(format.SampleRate, TimeSpan.Zero, NullLogger.Instance, meter);
        bus.Attach(watchdog);
        using var engine = new PlayoutEngine(items, items, bus, NullLogger.Instance, TimeSpan.FromMilliseconds(50), null, meter);
        _ = new PlayoutClock(TimeProvider.System, format.SampleRate, engine.BlockFrames, NullLogger.Instance, meter);
        for (int i = 0; i < 20; i++)
        {
            engine.RenderNextBlock(); // one second
        }

        var values = Read(meter);
        Assert.Equal(1.0, values["radioserver_bus_seconds"], 3);
        Assert.Equal(engine.ItemsAired, values["radioserver_items_aired"]);
        Assert.True(values["radioserver_items_aired"] >= 4);
        Assert.Equal(0, values["radioserver_items_failed"]);
        Assert.Equal(0, values["radioserver_items_decode_errors"]);
        Assert.Equal(engine.ReadAheadBytes, values["radioserver_playout_readahead_bytes"]);
        Assert.True(values["radioserver_playout_readahead_bytes"] > 0);
        Assert.Equal(0, values["radioserver_playout_late_blocks"]);
        Assert.Equal(0, values["radioserver_playout_stalls"]);
        Assert.Equal(watchdog.DeadAirSeconds, values["radioserver_dead_air_seconds"]);
        Assert.Equal(watchdog.CurrentSilenceSeconds, values["radioserver_silence_current_seconds"]);
    }

    /// <summary>Collects one observation of every instrument on <paramref name="meter"/>, by instrument name.</summary>
    private static Dictionary<string, double> Read(Meter meter)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
