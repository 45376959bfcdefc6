using System.Globalization;
using System.Text.Json;
using RadioServer.Recordings;
using RadioServer.Tests.Podcasts;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Recordings;

/// <summary>
/// The acceptance run of issue 14, parts 3 and 4, in real time (the one long test: 60 s): ffmpeg goes live as a
/// presenter; the show is recorded from the mount listeners hear, decodes without error, lasts 60 ± 1 s, carries the
/// presenter and show tags, and is the episode of the show's podcast feed, served with byte ranges.
/// </summary>
[Trait("Layer", "Interop")]
public sealed class LiveRecordingTests : IAsyncLifetime
{
    private StationHost _host = null!;

    public async Task InitializeAsync()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 4, "Automation", "Tone 440");
        _host = await StationHost.StartAsync(dir, "a.mp3", "", "--station:data_folder=data", "--station:live:crossfade_milliseconds=300",
            "--station:live:presenters:0:user=ade", "--station:live:presenters:0:password=ade-secret",
            "--station:recordings:mount=/stream.mp3",
            "--station:podcasts:image=https://radio.example/art.png",
            "--station:podcasts:feeds:0:name=morning-show", "--station:podcasts:feeds:0:title=The Morning Show", "--station:podcasts:feeds:0:show=Morning Show");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FfmpegLiveFor60s_RecordedFromTheMount_DecodesLasts60sTagged_AndIsTheFeedsEpisode()
    {
        var recordings = _host.Services.GetRequiredService<RecordingService>();
        var (exit, _, stderr, _) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(90), "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i",
            "sine=frequency=1000:duration=60", "-c:a", "libmp3lame", "-b:a", "128k", "-content_type", "audio/mpeg", "-ice_name", "Morning Show",
            "-f", "mp3", $"icecast://ade:ade-secret@127.0.0.1:{_host.BaseUri.Port}/live.mp3");
        Assert.True(exit == 0, stderr);

        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (recordings.Catalog.All.Count == 0)
            {
                Assert.False(deadline.IsCancellationRequested, "the recording is finished after the hand-back");
                await Task.Delay(100);
            }
        }

        var info = Assert.Single(recordings.Catalog.All);
        Assert.Equal(RecordingKind.Live, info.Kind);
        string expected = Path.Combine(_host.Directory, "data", "recordings", "morning-show",
            $"{info.StartedLocal.ToString("yyyy-MM-dd_HHmm", CultureInfo.InvariantCulture)}_morning-show.mp3");
        Assert.Equal(expected, info.FilePath);
        Assert.True(File.Exists(info.FilePath));

        var (decodeExit, _, decodeErrors, _) = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(60), "-nostdin", "-v", "error", "-i", info.FilePath, "-f", "null", "-");
        Assert.True(decodeExit == 0 && decodeErrors.Trim().Length == 0, decodeErrors);

        var (_, probeJson, _, _) = await ExternalTool.RunAsync("ffprobe", TimeSpan.FromSeconds(30), "-v", "error", "-show_entries",
            "format=duration:format_tags=artist,title,album,date", "-of", "json", info.FilePath);
        using var probe = JsonDocument.Parse(probeJson);
        var format = probe.RootElement.GetProperty("format");
        double seconds = double.Parse(format.GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 59, 61);
        var tags = format.GetProperty("tags");
        Assert.Equal("ade", tags.GetProperty("artist").GetString());
        Assert.Equal("Morning Show", tags.GetProperty("title").GetString());
        Assert.Equal("Morning Show", tags.GetProperty("album").GetString());
        Assert.Equal(info.StartedLocal.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), tags.GetProperty("date").GetString());

        using var http = new HttpClient();
        var episode = Assert.Single(await FeedCheck.ValidateAsync(http, new Uri(_host.BaseUri, "/podcasts/morning-show.xml")));
        Assert.Equal(info.Id.ToString(), episode.Guid);
        Assert.Equal("ade", episode.Author);
        Assert.InRange(episode.Duration, 59, 61);
        Assert.Equal(new FileInfo(info.FilePath).Length, episode.Length);
    }
}
