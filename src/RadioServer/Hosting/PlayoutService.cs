using RadioServer.Configuration;
using RadioServer.Playout;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Hosting;

/// <summary>Runs the station's playout clock for the lifetime of the host; the mounts are attached to its bus first.</summary>
internal sealed partial class PlayoutService(StationPlayout playout, MountRegistry mounts, StationOptions options, ILogger<PlayoutService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(async () =>
        {
            string source = options.Schedule.Length == 0 ? $"playlist {options.Playlist}" : $"schedule {options.Schedule}";
            StationStarting(logger, options.Name, source, string.Join(", ", mounts.All.Select(m => $"{m.Path} ({m.Options.Bitrate} kbps)")));
            SoundSettings(logger, options.LoudnessTarget, playout.Limiter.CeilingDbtp, options.TruePeakCeiling - playout.Limiter.CeilingDbtp, options.TruePeakCeiling);
            try
            {
                await playout.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }, stoppingToken);

    [LoggerMessage(HostLogIds.Hosting + 0, LogLevel.Information, "Station {Name} starting: {Source}; mounts {Mounts}")]
    private static partial void StationStarting(ILogger logger, string name, string source, string mounts);

    [LoggerMessage(HostLogIds.Hosting + 1, LogLevel.Information, "Sound: items at {Target} LUFS; limiter at {Limiter:F1} dBTP, {Margin:F1} dB under the {Ceiling} dBTP ceiling for the codecs")]
    private static partial void SoundSettings(ILogger logger, double target, double limiter, double margin, double ceiling);
}
