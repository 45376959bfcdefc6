using NLayer;

namespace RadioServer.TestSupport;

/// <summary>Test-side audio helpers: synthesize tones, decode MP3 bytes back with NLayer, tell tones apart by frequency.</summary>
internal static class ToneAnalysis
{
    /// <summary>Interleaved stereo (or mono) sine at <paramref name="frequency"/>, amplitude 0.5.</summary>
    public static float[] Sine(double frequency, double seconds, int sampleRate = 44100, int channels = 2)
    {
        int frames = (int)(seconds * sampleRate);
        var s = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            float v = (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            for (int c = 0; c < channels; c++)
            {
                s[(i * channels) + c] = v;
            }
        }

        return s;
    }

    /// <summary>Decodes MP3 bytes (starting anywhere; NLayer syncs on the first frame) to mono float samples.</summary>
    public static (float[] Mono, int SampleRate) DecodeToMono(byte[] mp3)
    {
        using var stream = new MemoryStream(mp3);
        using var mpeg = new MpegFile(stream);
        int channels = mpeg.Channels;
        var all = new List<float>();
        var buf = new float[8192];
        int n;
        while ((n = mpeg.ReadSamples(buf, 0, buf.Length)) > 0)
        {
            for (int i = 0; i + channels - 1 < n; i += channels)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    sum += buf[i + c];
                }

                all.Add(sum / channels);
            }
        }

        return (all.ToArray(), mpeg.SampleRate);
    }

    /// <summary>Power of one frequency in a window (Goertzel), normalised by window length.</summary>
    public static double Power(ReadOnlySpan<float> x, double frequency, int sampleRate)
    {
        double w = 2 * Math.PI * frequency / sampleRate;
        double coeff = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        foreach (float v in x)
        {
            double s0 = v + (coeff * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return ((s1 * s1) + (s2 * s2) - (coeff * s1 * s2)) / x.Length / x.Length;
    }

    /// <summary>
    /// Splits audio into windows and names each by its dominant candidate frequency (or -1 when none stands
    /// out), then collapses repeats: the order in which tones were heard.
    /// </summary>
    public static List<double> ToneSequence(float[] mono, int sampleRate, double[] candidates, double windowSeconds = 0.1)
    {
        int window = (int)(windowSeconds * sampleRate);
        var sequence = new List<double>();
        for (int start = 0; start + window <= mono.Length; start += window)
        {
            var powers = new double[candidates.Length];
            for (int c = 0; c < candidates.Length; c++)
            {
                powers[c] = Power(mono.AsSpan(start, window), candidates[c], sampleRate);
            }

            int best = Array.IndexOf(powers, powers.Max());
            double others = powers.Where((_, i) => i != best).DefaultIfEmpty(0).Max();
            double tone = powers[best] > 1e-4 && powers[best] > 20 * others ? candidates[best] : -1;
            if (tone > 0 && (sequence.Count == 0 || sequence[^1] != tone))
            {
                sequence.Add(tone);
            }
        }

        return sequence;
    }

    /// <summary>Index (in samples) of the first window whose dominant tone is <paramref name="frequency"/>.</summary>
    public static int FirstSampleOf(float[] mono, int sampleRate, double frequency, double other, int window = 256)
    {
        for (int start = 0; start + window <= mono.Length; start += window / 4)
        {
            var span = mono.AsSpan(start, window);
            if (Power(span, frequency, sampleRate) > 1e-3 && Power(span, frequency, sampleRate) > 10 * Power(span, other, sampleRate))
            {
                return start;
            }
        }

        return -1;
    }
}
