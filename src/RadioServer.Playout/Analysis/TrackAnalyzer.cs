using System.Buffers;
using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Analysis;

/// <summary>
/// Analyses one MP3 file by decoding it once with <see cref="Mp3FileSampleProvider"/> (the same decoder playout
/// uses, so what is measured is what airs): integrated loudness, loudness range, true peak and cue points.
/// Thread-safe (no shared state); one call uses one core.
/// </summary>
public static class TrackAnalyzer
{
    /// <summary>Audio quieter than this many LU below the track's integrated loudness (per 10 ms) is "not audible" for cue points.</summary>
    public const double CueThresholdLu = 40;

    public static TrackAnalysis Analyze(string path, CancellationToken cancellationToken = default)
    {
        var probe = Mp3Probe.Probe(path);
        if (!probe.IsPlayable)
        {
            return TrackAnalysis.Failed(probe.Error!);
        }

        float[] buffer = ArrayPool<float>.Shared.Rent(16384);
        try
        {
            using var decoder = new Mp3FileSampleProvider(path);
            int rate = decoder.WaveFormat.SampleRate;
            int channels = decoder.WaveFormat.Channels;
            var loudness = new LoudnessMeter(rate, channels, channels == 1 ? [2.0] : null);
            var peak = new TruePeakMeter(channels);
            int n;
            int block = buffer.Length - (buffer.Length % channels);
            while ((n = decoder.Read(buffer.AsSpan(0, block))) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                loudness.Process(buffer.AsSpan(0, n));
                peak.Process(buffer.AsSpan(0, n));
            }

            return Summarise(loudness, peak);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
                                      or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            return TrackAnalysis.Failed($"decoder could not open the file: {e.Message}");
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Turns the meters' state into a result (cue points from the 10 ms ticks).</summary>
    public static TrackAnalysis Summarise(LoudnessMeter loudness, TruePeakMeter peak)
    {
        ArgumentNullException.ThrowIfNull(loudness);
        ArgumentNullException.ThrowIfNull(peak);
        double rate = loudness.SampleRate;
        double duration = loudness.Frames / rate;
        if (loudness.Frames == 0)
        {
            return TrackAnalysis.Failed("decoded to nothing");
        }

        double integrated = loudness.IntegratedLoudness();
        double cueIn = 0;
        double cueOut = duration;
        if (double.IsFinite(integrated) && loudness.AudibleRange(Math.Max(integrated - CueThresholdLu, LoudnessMeter.AbsoluteGate)) is { } range)
        {
            cueIn = range.StartFrame / rate;
            cueOut = Math.Min(duration, range.EndFrame / rate);
        }

        return new TrackAnalysis(integrated, loudness.LoudnessRange(), peak.TruePeakDb, peak.SamplePeakDb,
            cueIn, cueOut, duration, loudness.SampleRate, loudness.Channels);
    }
}
