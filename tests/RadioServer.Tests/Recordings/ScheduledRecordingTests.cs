using Microsoft.Extensions.Time.Testing;
using RadioServer.Hosting;
using RadioServer.Recordings;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mounts;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Recordings;

/// <summary>
/// A scheduled recording ("07:00 every weekday") on fake time: it starts at its cron time in the station's zone and
/// holds its minutes of the mount's audio. The mount's buffer is fed by hand; the playout does not run.
/// </summary>
[Trait("Layer", "Unit")]
public sealed class ScheduledRecordingTests
{
    [Fact]
    public async Task ScheduledRecording_AtItsCronTimeInTheStationZone_RecordsItsMinutesOfAir()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "A", "Tone");
        string config = StationHost.WriteConfig(dir, "a.mp3");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 5, 59, 50, TimeSpan.Zero)); // Monday 06:59:50 in Lagos
        var app = RadioServerApp.Build(["--config", config, "--station:data_folder=" + Path.Combine(dir, "data"), "--station:recordings:mount=/stream.mp3",
            "--station:recordings:scheduled:0:name=Breakfast Show", "--station:recordings:scheduled:0:cron=0 7 * * 1-5",
            "--station:recordings:scheduled:0:minutes=0.05", "--station:recordings:scheduled:0:presenter=Adé"], time);
        await using var _ = app;
        var recordings = app.Services.GetRequiredService<RecordingService>();
        var buffer = app.Services.GetRequiredService<MountRegistry>().All.Single().Buffer;
        await recordings.StartAsync(CancellationToken.None);
        // The recorder waits for 07:00 before the clock moves: moved while it works out its wait, the clock could pass
        // 07:00 before its timer exists, and the timer would then wait past the 1 s this test advances (it did once).
        await WaitForAsync(() => recordings.NextScheduledStart == new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero), "the recorder waits for 07:00");

        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(1), new StreamTitle("Before"));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(recordings.Active); // not yet 07:00
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => recordings.Active.Count == 1, "the recording starts at 07:00");
        var active = recordings.Active.Single();
        RecordingTestAudio.Append(buffer, RecordingTestAudio.Tone(5), new StreamTitle("On air"));
        var info = await active.File.Finished.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(info);
        Assert.Equal(RecordingKind.Scheduled, info.Kind);
        Assert.Equal("Breakfast Show", info.Show);
        Assert.Equal("Adé", info.Presenter);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.FromHours(1)), info.StartedLocal);
        Assert.Equal("breakfast-show/2026-12-07_0700_breakfast-show.mp3", info.RelativePath);
        Assert.InRange(info.DurationSeconds, 3.0, 3.15); // 0.05 min, to the chunk
        await recordings.StopAsync(CancellationToken.None);
    }

    private static Task WaitForAsync(Func<bool> condition, string what) => Until.AssertAsync(condition, what, TimeSpan.FromSeconds(10));
}
