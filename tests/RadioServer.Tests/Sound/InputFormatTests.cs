using System.Globalization;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;
using RadioServer.Tests.Support;
using RadioServer.TestSupport;
using Xunit.Abstractions;

namespace RadioServer.Tests.Sound;

/// <summary>
/// Issue 4, "any input": every MPEG audio version and sample rate (MPEG-1 32/44.1/48 kHz, MPEG-2 16/22.05/24,
/// MPEG-2.5 8/11.025/12), mono and stereo, CBR and VBR, with and without a Xing/LAME header, ID3v2.3/2.4, ID3v1 and
/// APEv2 tags. Files are made by ffmpeg's libmp3lame (installed by the test command), then opened the way the station
/// opens them, decoded and converted to the 44.1 kHz stereo bus, and analysed.
/// </summary>
[Trait("Layer", "Interop")]
public class InputFormatTests(ITestOutputHelper output)
{
    private const double Tone = 1000;

    private static async Task<string> EncodeAsync(string dir, int rate, int channels, string rateControl, params string[] extra)
    {
        string path = Path.Combine(dir, $"{rate}-{channels}-{rateControl.Replace(':', '_')}-{extra.Length}.mp3");
        string[] control = rateControl.StartsWith('V') ? ["-q:a", rateControl[1..]] : ["-b:a", rateControl + "k"];
        var result = await ExternalTool.RunAsync("ffmpeg", TimeSpan.FromSeconds(30), ["-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"sine=frequency={Tone}:sample_rate={rate}:duration=3"),
            "-ac", channels.ToString(CultureInfo.InvariantCulture), "-c:a", "libmp3lame", .. control, .. extra, path]);
        Assert.True(result.ExitCode == 0, result.StdErr);
        return path;
    }

    /// <summary>Opens and decodes like the station (probe, NLayer, resample to the bus); returns the bus samples.</summary>
    private static float[] PlayThroughOpener(string path, out TimeSpan probed)
    {
        var probe = Mp3Probe.Probe(path);
        Assert.True(probe.IsPlayable, probe.Error);
        probed = probe.Duration;
        using var opened = new Mp3ItemOpener(StationFormat.Default).Open(new PlayoutItem(TagReader.Read(path), "test"));
        Assert.Null(opened.Error);
        var all = new List<float>();
        var buffer = new float[8820];
        int n;
        while ((n = opened.Samples!.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        var damage = ((Mp3FileSampleProvider)opened.Owner!).Damage;
        Assert.False(damage.IsDamaged, damage.Describe());
        return [.. all];
    }

    private static double Power(float[] stereo, double frequency)
    {
        // The middle second, left channel.
        var mono = new float[44100];
        for (int i = 0; i < mono.Length; i++)
        {
            mono[i] = stereo[2 * (44100 + i)];
        }

        return ToneAnalysis.Power(mono, frequency, 44100);
    }

    [Theory]
    [InlineData(48000, 2, "128")]
    [InlineData(44100, 2, "128")]
    [InlineData(32000, 1, "64")]
    [InlineData(24000, 2, "64")]
    [InlineData(22050, 1, "32")]
    [InlineData(16000, 2, "48")]
    [InlineData(12000, 1, "16")]
    [InlineData(11025, 2, "32")]
    [InlineData(8000, 1, "8")]
    [InlineData(48000, 1, "V4")]
    [InlineData(44100, 2, "V2")]
    [InlineData(22050, 2, "V6")]
    [InlineData(11025, 1, "V5")]
    [InlineData(8000, 2, "V7")]
    public async Task Open_EveryVersionRateChannelsAndRateControl_DecodesTheToneToTheBusAtItsLength(int rate, int channels, string rateControl)
    {
        string path = await EncodeAsync(StationHost.TempDir(), rate, channels, rateControl);
        float[] bus = PlayThroughOpener(path, out var probed);

        double seconds = bus.Length / 2 / 44100.0;
        var analysis = TrackAnalyzer.Analyze(path);
        output.WriteLine($"{rate} Hz {channels} ch {rateControl}: probed {probed.TotalSeconds:F3} s, decoded {seconds:F3} s, {analysis.IntegratedLufs:F2} LUFS");
        // 3 s of tone plus the codec's delay and padding (up to two frames and LAME's 1105-sample delay at low rates).
        double slack = ((2 * 1152) + 1105.0) / rate;
        Assert.InRange(seconds, 3 - 0.01, 3 + slack);
        Assert.InRange(probed.TotalSeconds, 3 - 0.01, 3 + slack);
        Assert.True(Power(bus, Tone) > 100 * Power(bus, Tone * 0.7) && Power(bus, Tone) > 100 * Power(bus, Tone * 1.3), "the 1 kHz tone dominates");

        // ffmpeg's sine is at 1/8 full scale; its mono-to-stereo upmix puts it at −3 dB in each channel. Whatever the
        // version, rate and rate control, the analysis reads the same loudness (a mono file counted as dual mono).
        Assert.InRange(analysis.IntegratedLufs, (channels == 1 ? -18.5 : -21.5) - 0.6, (channels == 1 ? -18.5 : -21.5) + 0.6);
    }

    [Theory]
    [InlineData("-id3v2_version", "3", "-write_xing", "1")]
    [InlineData("-id3v2_version", "4", "-write_xing", "0")]
    [InlineData("-id3v2_version", "0", "-write_id3v1", "1")]
    [InlineData("-id3v2_version", "3", "-write_apetag", "1")]
    [InlineData("-id3v2_version", "4", "-write_id3v1", "1", "-write_apetag", "1")]
    public async Task Open_WithAndWithoutTagsAndXingHeader_SameAudioAndTheTitleIsRead(params string[] options)
    {
        string dir = StationHost.TempDir();
        string plain = await EncodeAsync(dir, 44100, 2, "128", "-id3v2_version", "0", "-write_xing", "0");
        bool textTags = !(options is ["-id3v2_version", "0", "-write_id3v1", "1"]);
        string title = textTags ? "Ọjọ́ Ayọ̀" : "Ojo Ayo"; // ID3v1 holds Latin-1 only
        string tagged = await EncodeAsync(dir, 44100, 2, "128", [.. options, "-metadata", "title=" + title, "-metadata", "artist=Adebayo"]);
        if (!textTags)
        {
            // ffmpeg writes no tag at all with id3v2_version 0: append the 128-byte ID3v1 tag by hand.
            var v1 = new byte[128];
            "TAG"u8.CopyTo(v1);
            System.Text.Encoding.Latin1.GetBytes(title).CopyTo(v1, 3);
            "Adebayo"u8.CopyTo(v1.AsSpan(33));
            v1[127] = 255;
            using var file = new FileStream(tagged, FileMode.Append);
            file.Write(v1);
        }

        float[] a = PlayThroughOpener(plain, out _);
        float[] b = PlayThroughOpener(tagged, out _);

        // No tag byte is decoded as audio: the same samples, give or take the one frame a Xing/Info header takes.
        Assert.InRange(Math.Abs(a.Length - b.Length) / 2, 0, 1152);
        double diff = 0;
        for (int i = 44100; i < 2 * 44100; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[2 * i] - b[(2 * i) + (b.Length - a.Length)]));
        }

        Assert.True(diff < 1e-3, $"largest difference {diff}");
        var track = TagReader.Read(tagged);
        output.WriteLine($"{string.Join(' ', options)}: {a.Length / 2} vs {b.Length / 2} frames; title '{track.Title}'");
        Assert.Equal(title, track.Title);
        Assert.Equal("Adebayo", track.Artist);
    }
}
