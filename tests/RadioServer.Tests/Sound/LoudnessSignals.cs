using RadioServer.Playout.Analysis;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Tests.Sound;

/// <summary>Programme-like test items of chosen loudness, written as real MP3 files with LAME.</summary>
internal static class LoudnessSignals
{
    public const int Rate = 44100;

    /// <summary>A chord (three sines) with optional percussive bursts, scaled so that its integrated loudness is <paramref name="lufs"/>.</summary>
    /// <remarks>A mono chord is scaled as it will sound on a stereo bus (dual mono, BS.1770 weight 2).</remarks>
    /// <param name="frequencies">The chord's notes (default 220, 331, 442 Hz at falling levels).</param>
    public static float[] Chord(double seconds, double lufs, double burstDb = 0, double silentHead = 0, double silentTail = 0, int seed = 1,
        int rate = Rate, int channels = 2, double[]? frequencies = null)
    {
        frequencies ??= [220, 331, 442];
        var random = new Random(seed);
        int head = (int)(silentHead * rate);
        int body = (int)(seconds * rate);
        int tail = (int)(silentTail * rate);
        var s = new float[(head + body + tail) * channels];
        double burst = Math.Pow(10, burstDb / 20);
        for (int i = 0; i < body; i++)
        {
            double t = (double)i / rate;
            double v = 0;
            for (int k = 0; k < frequencies.Length; k++)
            {
                v += (0.3 - (0.05 * k)) * Math.Sin(2 * Math.PI * frequencies[k] * t);
            }

            double sinceBeat = t % 0.5;
            if (burstDb != 0 && sinceBeat < 0.05)
            {
                v += burst * Math.Exp(-sinceBeat * 60) * ((random.NextDouble() * 2) - 1);
            }

            double fade = Math.Min(1, Math.Min(t, seconds - t) / 0.01);
            for (int c = 0; c < channels; c++)
            {
                s[((head + i) * channels) + c] = (float)(v * fade);
            }
        }

        var meter = new LoudnessMeter(rate, channels, channels == 1 ? [2.0] : null);
        meter.Process(s);
        float scale = (float)Math.Pow(10, (lufs - meter.IntegratedLoudness()) / 20);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] *= scale;
        }

        return s;
    }

    public static string WriteMp3(string dir, string name, float[] pcm, int rate = Rate, int channels = 2, int kbps = 192)
    {
        string path = Path.Combine(dir, name);
        using var encoder = new LameMp3Encoder(new LameEncoderSettings(rate, channels, rate, channels, kbps, 2));
        using var file = File.Create(path);
        file.Write(encoder.Encode(pcm));
        file.Write(encoder.Flush());
        return path;
    }
}
