using System.Diagnostics.Metrics;
using RadioServer.Api;
using RadioServer.Configuration;
using RadioServer.Directories;
using RadioServer.Events;
using RadioServer.Hls;
using RadioServer.Icecast;
using RadioServer.Listeners;
using RadioServer.NowPlaying;
using RadioServer.Playout;
using RadioServer.Push;
using RadioServer.Recordings;
using RadioServer.Safety;
using RadioServer.Source;
using RadioServer.Stats;
using RadioServer.Streaming.Mounts;
using RadioServer.Telemetry;
using RadioServer.Tls;
using RadioServer.Webhooks;

namespace RadioServer.Hosting;

/// <summary>
/// The station's services, each registered once and given only what it needs: the playout (and, from it, the live
/// input and the bus format), the mounts attached to the playout's bus, listeners, now-playing, source ingest, push
/// and the statistics. The composition root; nothing else in the host builds these.
/// </summary>
internal static class StationServices
{
    /// <summary>How long a stopping station waits for its connections and background services before it cuts them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddStation(this IServiceCollection services, StationOptions options)
    {
        services.AddSingleton(options);

        // SIGTERM or Ctrl+C: listeners, sources and pushes end on ApplicationStopping; whatever still holds on is cut
        // after this, so the station is gone within 5 s (systemd's stop, a deploy) whatever is connected.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        services.AddSingleton<BackgroundFailures>();
        services.AddSingleton(sp => new StationPlayout(options.ToPlayoutOptions(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IMeterFactory>().Create(MeterNames.Playout), sp.GetRequiredService<BackgroundFailures>().Count));
        services.AddSingleton(sp => sp.GetRequiredService<StationPlayout>().LiveInput);
        services.AddSingleton(sp => sp.GetRequiredService<StationPlayout>().Bus.Format);
        services.AddSingleton(sp =>
        {
            var playout = sp.GetRequiredService<StationPlayout>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var mounts = MountRegistry.Create(options.Mounts, playout.Bus.Format, clock.GetUtcNow(),
                sp.GetRequiredService<IMeterFactory>().Create(MeterNames.Streaming), () => playout.Bus.SecondsPublished, clock);
            foreach (var mount in mounts.All)
            {
                playout.Bus.Attach(mount.Encoder);
            }

            return mounts;
        });
        MetricsEndpoints.AddMetrics(services);
        services.AddSingleton<ClientAddresses>();
        services.AddSingleton<ConnectionCeiling>();
        services.AddSingleton<TrustedProxies>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton(new SubscriberGate(options.MaxSseSubscribers));
        services.AddSingleton<AccessLog>();
        services.AddSingleton<ListenerMetrics>();
        services.AddSingleton<ListenerService>();
        services.AddSingleton<ListenerAdmission>();
        services.AddSingleton(sp => new StationEvents(sp.GetRequiredService<StationPlayout>(), sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StationEvents>>(), sp.GetRequiredService<BackgroundFailures>().Count));
        services.AddSingleton(sp => new NowPlayingService(options, sp.GetRequiredService<StationPlayout>(), sp.GetRequiredService<MountRegistry>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<StationEvents>(), sp.GetService<HlsAudience>(),
            sp.GetService<Streaming.Hls.HlsSegmentStore>()));
        services.AddSingleton<SourceIngest>();
        services.AddSingleton<TlsUpgrade>();
        if (options.Tls.HasCertificate)
        {
            services.AddSingleton(sp => new CertificateStore(options.Tls, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CertificateStore>>()));
        }
        // Before the playout: hosted services stop in reverse order, so the HLS writer drains what playout handed it last.
        services.AddHls(options);
        services.AddHostedService<PlayoutService>();
        services.AddHostedService<IcecastPushService>();
        services.AddSingleton<DirectoryService>();
        services.AddHostedService(sp => sp.GetRequiredService<DirectoryService>());
        services.AddSingleton<WebhookService>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookService>());
        if (options.Database.Length > 0)
        {
            services.AddSingleton(sp => OpenDatabase(options.Database, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<StatsRecorder>();
            services.AddHostedService(sp => sp.GetRequiredService<StatsRecorder>());
        }

        services.AddRecordings(options);
        return services;
    }

    /// <summary>Builds the services that listen to the playout before it starts, so they miss nothing.</summary>
    public static void Start(IServiceProvider services)
    {
        _ = services.GetRequiredService<MountRegistry>();
        _ = services.GetRequiredService<StationEvents>();
        _ = services.GetRequiredService<NowPlayingService>();
        _ = services.GetRequiredService<WebhookService>();
        _ = services.GetService<StatsRecorder>();
        _ = services.GetService<RecordingService>();
        _ = services.GetService<Streaming.Hls.HlsOutput>();
    }

    private static StatsDatabase OpenDatabase(string path, TimeProvider time) =>
        StatsDatabase.OpenOrReplaceCorrupt(path, time.GetUtcNow()); // a corrupt file, or a disk that refuses it, is logged by StatsRecorder
}
