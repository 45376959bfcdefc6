using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Hls;
using RadioServer.Streaming.Hls;

namespace RadioServer.Tests.Hls;

/// <summary>HLS listeners as the origin counts them: a client per rendition, gone after three segments without a request.</summary>
public class HlsAudienceTests
{
    private static readonly HlsOptions Options = new()
    {
        Renditions = [new HlsRenditionOptions { Name = "standard" }, new HlsRenditionOptions { Name = "saver", Bitrate = 32, SampleRate = 22050, Channels = 1 }],
    };

    [Fact]
    public void Listeners_CountedPerClientAndRendition_LeaveAfterTheyStopComing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 7, 0, 0, TimeSpan.Zero));
        using var audience = new HlsAudience(Options, time, NullLogger<HlsAudience>.Instance);
        var ended = new List<HlsSession>();
        audience.SessionEnded += ended.Add;
        for (int i = 0; i < 5; i++)
        {
            audience.Seen(0, "192.0.2.1", "VLC/3.0", 48_000);
            audience.Seen(0, "192.0.2.2", "Safari", 48_000);
            audience.Seen(1, "192.0.2.1", "VLC/3.0", 16_000); // the same client on another rendition counts there
            time.Advance(TimeSpan.FromSeconds(4));
        }

        Assert.Equal(2, audience.Listeners(0));
        Assert.Equal(1, audience.Listeners(1));
        Assert.Equal(3, audience.Total);

        // Safari keeps coming; the others stop.
        for (int i = 0; i < 4; i++)
        {
            audience.Seen(0, "192.0.2.2", "Safari", 48_000);
            time.Advance(TimeSpan.FromSeconds(4));
            audience.Sweep();
        }

        Assert.Equal(1, audience.Listeners(0));
        Assert.Equal(0, audience.Listeners(1));
        Assert.Equal(2, audience.Peak(0));
        Assert.Equal(2, ended.Count);
        var vlc = Assert.Single(ended, s => s.Path == "/hls/standard.m3u8");
        Assert.Equal(("192.0.2.1", "VLC/3.0", 5 * 48_000L), (vlc.Ip, vlc.UserAgent, vlc.Bytes));
        Assert.Equal(TimeSpan.FromSeconds(16), vlc.Ended - vlc.Started);
        Assert.Contains(ended, s => s.Path == "/hls/saver.m3u8" && s.Bytes == 5 * 16_000L);
    }
}
