using System.Diagnostics.Metrics;
using RadioServer.Configuration;
using RadioServer.Playout;
using RadioServer.Streaming.Hls;

namespace RadioServer.Hls;

/// <summary>Registers the HLS output when <c>hls.renditions</c> lists any (called by the composition root).</summary>
internal static class HlsServices
{
    public static IServiceCollection AddHls(this IServiceCollection services, StationOptions options)
    {
        var hls = options.Hls;
        if (!hls.Enabled)
        {
            return services;
        }

        services.AddSingleton(sp =>
        {
            var store = new HlsSegmentStore(Path.Combine(options.DataFolder, hls.Folder), hls, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<HlsSegmentStore>());
            sp.GetRequiredService<IMeterFactory>().Create(Telemetry.MeterNames.Health).CreateObservableCounter("radioserver_hls_segments_lost",
                () => store.Dropped, description: "HLS segments not stored: the disk fell behind or refused a write (each is logged; the next segment is a discontinuity).");
            return store;
        });
        services.AddSingleton(sp =>
        {
            var playout = sp.GetRequiredService<StationPlayout>();
            var store = sp.GetRequiredService<HlsSegmentStore>();
            var output = new HlsOutput(hls, playout.Bus.Format.SampleRate, playout.Bus.Format.Channels, playout.AirClock, store.NextSequence, store.Accept);
            playout.Bus.Attach(output);
            return output;
        });
        services.AddSingleton(sp => new HlsAudience(hls, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HlsAudience>>(),
            sp.GetRequiredService<IMeterFactory>()));
        services.AddHostedService<HlsWriterService>();
        return services;
    }
}

/// <summary>Runs the segment store's disk writer for the station's lifetime; on stopping it writes what is still queued.</summary>
internal sealed class HlsWriterService(HlsSegmentStore store, HlsOutput output) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = output; // built (and attached to the bus) before the playout starts: see StationServices.Start
        return store.RunAsync(stoppingToken);
    }
}
