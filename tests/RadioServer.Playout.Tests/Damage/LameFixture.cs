using System.Runtime.InteropServices;

namespace RadioServer.Playout.Tests.Damage;

/// <summary>
/// Makes the damaged-media tests' MP3s with Debian's libmp3lame (installed by the test setup), including what the
/// station's own encoder never makes: free format and a Xing/Info tag. Test-only declarations; the station's are in
/// RadioServer.Streaming (internal there).
/// </summary>
internal static partial class LameFixture
{
    private const string Library = "libmp3lame.so.0";

    /// <summary>
    /// A sine tone at half scale, encoded CBR (or free format at any bitrate); one frame is 1152 samples. With
    /// <paramref name="noise"/>, white noise of that amplitude is added: a pure tone leaves most of each frame unused
    /// (so damage there changes nothing), noise fills the frames the way music does.
    /// </summary>
    public static byte[] Tone(double frequency, double seconds, int sampleRate, int channels, int kbps, bool freeFormat = false, bool infoTag = false, double noise = 0)
    {
        int frames = (int)(seconds * sampleRate);
        var pcm = new float[frames * channels];
        var rng = new Random(5);
        double amplitude = 0.5 - noise;
        for (int i = 0; i < frames; i++)
        {
            float s = (float)((amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate)) + (noise * ((2 * rng.NextDouble()) - 1)));
            for (int c = 0; c < channels; c++)
            {
                pcm[(i * channels) + c] = s;
            }
        }

        IntPtr lame = lame_init();
        Assert.NotEqual(IntPtr.Zero, lame);
        try
        {
            Check(lame_set_in_samplerate(lame, sampleRate));
            Check(lame_set_out_samplerate(lame, sampleRate));
            Check(lame_set_num_channels(lame, channels));
            Check(lame_set_mode(lame, channels == 1 ? 3 : 1));
            Check(lame_set_VBR(lame, 0));
            Check(lame_set_free_format(lame, freeFormat ? 1 : 0));
            Check(lame_set_brate(lame, kbps));
            Check(lame_set_bWriteVbrTag(lame, infoTag ? 1 : 0));
            Check(lame_init_params(lame));
            var mp3 = new byte[(frames * 5 / 4) + 7200 + 65536];
            int n = lame_encode_buffer_interleaved_ieee_float(lame, pcm, frames, mp3, mp3.Length);
            Assert.True(n >= 0, $"lame_encode: {n}");
            var rest = new byte[7200 + 65536];
            int m = lame_encode_flush(lame, rest, rest.Length);
            Assert.True(m >= 0, $"lame_encode_flush: {m}");
            byte[] result = [.. mp3.AsSpan(0, n), .. rest.AsSpan(0, m)];
            if (infoTag)
            {
                // LAME left room for the tag in the first frame; the tag is known only now.
                var tag = new byte[4096];
                int t = (int)lame_get_lametag_frame(lame, tag, (nuint)tag.Length);
                Assert.True(t > 0, "no Info tag");
                tag.AsSpan(0, t).CopyTo(result);
            }

            return result;
        }
        finally
        {
            _ = lame_close(lame);
        }
    }

    private static void Check(int result) => Assert.True(result >= 0, $"LAME refused a setting ({result})");

    [LibraryImport(Library)]
    private static partial IntPtr lame_init();

    [LibraryImport(Library)]
    private static partial int lame_close(IntPtr gfp);

    [LibraryImport(Library)]
    private static partial int lame_set_in_samplerate(IntPtr gfp, int rate);

    [LibraryImport(Library)]
    private static partial int lame_set_out_samplerate(IntPtr gfp, int rate);

    [LibraryImport(Library)]
    private static partial int lame_set_num_channels(IntPtr gfp, int channels);

    [LibraryImport(Library)]
    private static partial int lame_set_mode(IntPtr gfp, int mode);

    [LibraryImport(Library)]
    private static partial int lame_set_VBR(IntPtr gfp, int mode);

    [LibraryImport(Library)]
    private static partial int lame_set_free_format(IntPtr gfp, int free);

    [LibraryImport(Library)]
    private static partial int lame_set_brate(IntPtr gfp, int kbps);

    [LibraryImport(Library)]
    private static partial int lame_set_bWriteVbrTag(IntPtr gfp, int write);

    [LibraryImport(Library)]
    private static partial int lame_init_params(IntPtr gfp);

    [LibraryImport(Library)]
    private static partial int lame_encode_buffer_interleaved_ieee_float(IntPtr gfp, float[] pcm, int samplesPerChannel, byte[] mp3, int size);

    [LibraryImport(Library)]
    private static partial int lame_encode_flush(IntPtr gfp, byte[] mp3, int size);

    [LibraryImport(Library)]
    private static partial nuint lame_get_lametag_frame(IntPtr gfp, byte[] buffer, nuint size);
}
