using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.NowPlaying;
using RadioServer.Playout;
using RadioServer.Streaming.Mounts;
using RadioServer.Telemetry;

namespace RadioServer.Recordings;

/// <summary>Registers the recorder, its writer and catalog when <c>recordings.mount</c> is set (called by the composition root).</summary>
internal static class RecordingServices
{
    public static IServiceCollection AddRecordings(this IServiceCollection services, StationOptions options)
    {
        var recordings = options.Recordings;
        if (!recordings.Enabled)
        {
            return services;
        }

        services.AddSingleton(sp => new RecordingWriter(
            new RecordingCatalog(Path.Combine(options.DataFolder, recordings.Folder)),
            recordings.MaxAgeDays > 0 ? TimeSpan.FromDays(recordings.MaxAgeDays) : null,
            (long)(recordings.MaxTotalMb * 1024 * 1024),
            options.Name, options.TimeZone, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RecordingWriter>>(),
            () => sp.GetRequiredService<BackgroundFailures>().Count("recordings")));
        services.AddSingleton(sp =>
        {
            var playout = sp.GetRequiredService<StationPlayout>();
            var nowPlaying = sp.GetRequiredService<NowPlayingService>();
            var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
            return new RecordingService(options, sp.GetRequiredService<MountRegistry>(), sp.GetRequiredService<StationEvents>(),
                sp.GetRequiredService<RecordingWriter>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RecordingService>>(),
                at => playout.Scheduler?.Schedule.Dayparts.FirstOrDefault(d => d.IsActive(TimeZoneInfo.ConvertTime(at, zone).DateTime))?.Name,
                () => nowPlaying.Current?.StartedUtc);
        });
        services.AddHostedService(sp => sp.GetRequiredService<RecordingService>());
        return services;
    }
}
