using RadioServer.Configuration;
using RadioServer.Playout;
using RadioServer.Streaming.Mounts;
using RadioServer.Streaming.Opus;

namespace RadioServer.Hosting;

/// <summary>
/// Runs the station's playout clock for the lifetime of the host; the mounts are attached to its bus first.
/// The one background loop whose death stops the station: everything else catches, logs and carries on
/// (<see cref="RadioServer.Playout.Monitoring.FailureStreak"/>). If the clock itself fails, the station says so,
/// stops, and exits with <see cref="ExitCode"/> so that systemd (<c>Restart=on-failure</c>) starts it again.
/// </summary>
internal sealed partial class PlayoutService(StationPlayout playout, MountRegistry mounts, StationOptions options, ILogger<PlayoutService> logger,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(async () =>
        {
            string source = options.Schedule.Length == 0 ? $"playlist {options.Playlist}" : $"schedule {options.Schedule}";
            StationStarting(logger, options.Name, source, string.Join(", ", mounts.All.Select(Describe)));
            SoundSettings(logger, options.LoudnessTarget, playout.Limiter.CeilingDbtp, options.TruePeakCeiling - playout.Limiter.CeilingDbtp, options.TruePeakCeiling);
            try
            {
                await playout.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                PlayoutDied(logger, ExitCode, e);
                Environment.ExitCode = ExitCode;
                lifetime.StopApplication();
            }
        }, stoppingToken);

    private static string Describe(Mount mount) => mount.Options.IsOgg
        ? $"{mount.Path} ({mount.Options.Bitrate} kbps, {OpusPacketEncoders.Describe(mount.Options.Bitrate)})"
        : $"{mount.Path} ({mount.Options.Bitrate} kbps)";

    /// <summary>The exit code when the playout clock dies (EX_SOFTWARE: an internal error).</summary>
    public const int ExitCode = 70;

    [LoggerMessage(HostLogIds.Hosting + 2, LogLevel.Critical, "The playout clock failed; the station stops with exit code {Code} so that its service manager restarts it")]
    private static partial void PlayoutDied(ILogger logger, int code, Exception exception);

    [LoggerMessage(HostLogIds.Hosting + 0, LogLevel.Information, "Station {Name} starting: {Source}; mounts {Mounts}")]
    private static partial void StationStarting(ILogger logger, string name, string source, string mounts);

    [LoggerMessage(HostLogIds.Hosting + 1, LogLevel.Information, "Sound: items at {Target} LUFS; limiter at {Limiter:F1} dBTP, {Margin:F1} dB under the {Ceiling} dBTP ceiling for the codecs")]
    private static partial void SoundSettings(ILogger logger, double target, double limiter, double margin, double ceiling);
}
