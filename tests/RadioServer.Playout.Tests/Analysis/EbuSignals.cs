namespace RadioServer.Playout.Tests.Analysis;

/// <summary>The EBU Tech 3341 / 3342 test signals, generated: 1 kHz sine segments at given levels.</summary>
internal static class EbuSignals
{
    /// <summary>
    /// Stereo 1 kHz sine, in segments of (seconds, dBFS peak level), phase continuous.
    /// A 1 kHz stereo sine at −23 dBFS reads −23 LUFS (the K-weighting gain at 1 kHz cancels the −0.691).
    /// </summary>
    public static float[] Sine(int sampleRate, params (double Seconds, double Dbfs)[] segments) =>
        Tone(1000, sampleRate, 2, segments);

    public static float[] Tone(double frequency, int sampleRate, int channels, params (double Seconds, double Dbfs)[] segments)
    {
        long total = segments.Sum(s => (long)Math.Round(s.Seconds * sampleRate));
        var samples = new float[total * channels];
        long n = 0;
        foreach (var (seconds, dbfs) in segments)
        {
            double amplitude = Math.Pow(10, dbfs / 20);
            long frames = (long)Math.Round(seconds * sampleRate);
            for (long i = 0; i < frames; i++, n++)
            {
                float v = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate));
                for (int c = 0; c < channels; c++)
                {
                    samples[(n * channels) + c] = v;
                }
            }
        }

        return samples;
    }

    /// <summary>Feeds samples to a meter in uneven pieces (as a decoder would).</summary>
    public static void Feed(Action<ReadOnlySpan<float>> process, float[] samples, int channels)
    {
        int[] pieces = [1152 * channels, 4096 * channels, 7 * channels, 2000 * channels];
        int pos = 0;
        int i = 0;
        while (pos < samples.Length)
        {
            int n = Math.Min(pieces[i++ % pieces.Length], samples.Length - pos);
            process(samples.AsSpan(pos, n));
            pos += n;
        }
    }
}
