using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RadioServer.Hosting;
using RadioServer.Playout;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Tests.Support;

/// <summary>
/// A real station on real Kestrel bound to 127.0.0.1 on a free port, with its own temporary config and
/// playlist. Log lines are captured for assertions.
/// </summary>
internal sealed class StationHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StationHost(WebApplication app, string dir, LogCapture logs)
    {
        _app = app;
        Directory = dir;
        Logs = logs;
    }

    public string Directory { get; }

    public LogCapture Logs { get; }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The HTTPS address, when the station listens on one.</summary>
    public Uri? HttpsUri { get; private set; }

    /// <summary>The station's playout (bus, live stage, scheduler).</summary>
    public StationPlayout Playout => _app.Services.GetRequiredService<StationPlayout>();

    /// <summary>The station's mounts.</summary>
    public MountRegistry Mounts => _app.Services.GetRequiredService<MountRegistry>();

    public IServiceProvider Services => _app.Services;

    public Uri Mount(string path = "/stream.mp3") => new(BaseUri, path);

    /// <summary>Writes <c>station.yaml</c> (with <paramref name="mountYaml"/> as the mount's extra keys) and starts the station.</summary>
    public static Task<StationHost> StartAsync(string dir, string playlist, string mountYaml = "", params string[] extraArgs) =>
        StartOnAsync("http://127.0.0.1:0", dir, playlist, mountYaml, extraArgs);

    /// <summary>As <see cref="StartAsync"/>, listening on <paramref name="urls"/> (<c>;</c>-separated, e.g. plain and TLS).</summary>
    public static Task<StationHost> StartOnAsync(string urls, string dir, string playlist, string mountYaml = "", params string[] extraArgs) =>
        StartConfigAsync(WriteConfig(dir, playlist, mountYaml), dir, urls, extraArgs);

    /// <summary>Starts a station on an already written <paramref name="config"/> (e.g. <see cref="WriteConfig"/> with extra station keys).</summary>
    public static async Task<StationHost> StartConfigAsync(string config, string dir, string urls = "http://127.0.0.1:0", params string[] extraArgs)
    {
        var logs = new LogCapture();
        var app = RadioServerApp.Build(["--config", config, "--urls", urls, .. extraArgs]);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var host = new StationHost(app, dir, logs);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        host.BaseUri = new Uri(addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.First());
        host.HttpsUri = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) is { } https ? new Uri(https) : null;
        return host;
    }

    /// <summary>
    /// Writes the tests' <c>station.yaml</c> into <paramref name="dir"/> and returns its path (also for a station run as its own
    /// process); <paramref name="stationYaml"/> is appended under <c>station:</c> (written as if at the top level, e.g. a <c>webhooks:</c> list).
    /// </summary>
    public static string WriteConfig(string dir, string playlist, string mountYaml = "", string stationYaml = "")
    {
        string config = Path.Combine(dir, "station.yaml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            station:
              name: "Test Radio Ọ̀yọ́"
              description: "Tests"
              genre: "Test"
              url: "http://example.invalid/"
              playlist: "{playlist}"
              # Gapless: these tests follow titles and tones across item boundaries; crossfades have their own tests
              # (TransitionPipelineTests), and a test may turn them on with --station:transitions:crossfadeseconds=2.
              transitions:
                crossfade_seconds: 0
              # Every test client comes from 127.0.0.1: the shipped per-address limit (10) would refuse the load
              # tests. EdgeLimitsTests runs with the shipped default.
              max_connections_per_ip: 0
              mounts:
                - path: /stream.mp3
                  bitrate: 128
            {Indent(mountYaml)}
            {string.Join('\n', stationYaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l.TrimEnd()))}
            """));
        return config;
    }

    private static string Indent(string yaml) =>
        string.Join('\n', yaml.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "      " + l.Trim()));

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "radioserver-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        return dir;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
