using Microsoft.Extensions.Time.Testing;
using RadioServer.Events;
using RadioServer.Hosting;
using RadioServer.Recordings;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Recordings;

/// <summary>
/// The recorder's own lifetime on fake time (the playout does not run; events are published by hand): once it stops,
/// the events the playout still sends start nothing, and stopping keeps within the station's shutdown budget even
/// when the disk fails.
/// </summary>
[Trait("Layer", "Unit")]
public sealed class RecordingServiceTests
{
    [Fact]
    public async Task SongChanged_AfterTheRecorderStopped_StartsNoRecording()
    {
        var (app, dir) = Build();
        await using var _ = app;
        var recordings = app.Services.GetRequiredService<RecordingService>();
        var events = app.Services.GetRequiredService<StationEvents>();
        await recordings.StartAsync(CancellationToken.None);
        events.Publish(Bulletin());
        Assert.Single(recordings.Active); // a recorded kind starts a recording ...
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await recordings.StopAsync(stop.Token);
        }

        await WaitForAsync(() => recordings.Active.Count == 0, "the recording is ended");
        events.Publish(Bulletin());

        Assert.Empty(recordings.Active); // ... but not once the recorder has stopped
        Assert.True(app.Services.GetRequiredService<RecordingWriter>().WaitWritten(TimeSpan.FromSeconds(5)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "data", "recordings"), "*.mp3", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StopAsync_WhileTheDiskFails_ReturnsWhenTheTokenSays()
    {
        var (app, dir) = Build();
        await using var _ = app;
        Directory.CreateDirectory(Path.Combine(dir, "data", "recordings"));
        File.WriteAllText(Path.Combine(dir, "data", "recordings", "news"), "a file where the bulletins' folder should be");
        var recordings = app.Services.GetRequiredService<RecordingService>();
        await recordings.StartAsync(CancellationToken.None);
        app.Services.GetRequiredService<StationEvents>().Publish(Bulletin());
        Assert.Single(recordings.Active);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await recordings.StopAsync(stop.Token); // the file can never be finished, and fake time never passes the recorder's own wait

        // Fake time never passes the recorder's own wait, so only the token can end it: any bound proves that. The bound is
        // the station's whole stop budget less a margin, not a speed (a test host's thread pool can be slow to fire a timer).
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    private static (WebApplication App, string Dir) Build()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "A", "Tone");
        string config = StationHost.WriteConfig(dir, "a.mp3");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        var app = RadioServerApp.Build(["--config", config, "--station:data_folder=" + Path.Combine(dir, "data"), "--station:recordings:mount=/stream.mp3",
            "--station:recordings:kinds:0=news"], time);
        return (app, dir);
    }

    private static StationEvent Bulletin() =>
        new(StationEventKind.SongChanged, new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero)) { Role = "news", Title = "Bulletin", Artist = "News Desk" };

    private static Task WaitForAsync(Func<bool> condition, string what) => Until.AssertAsync(condition, what, TimeSpan.FromSeconds(10));
}
