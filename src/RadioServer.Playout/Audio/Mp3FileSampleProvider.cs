using NAudio.Wave;
using NLayer;

namespace RadioServer.Playout.Audio;

/// <summary>
/// Decodes an MP3 file with NLayer into interleaved float samples. NLayer can throw mid-file on corrupt
/// frames and can emit samples far outside ±1 (see docs/platform-notes), so every read is guarded:
/// a read that throws is retried (NLayer usually continues with the next frame), the file is given up
/// after <see cref="MaxReadErrors"/> errors, and every sample is sanitised.
/// </summary>
public sealed class Mp3FileSampleProvider : ISampleProvider, IDisposable
{
    public const int MaxReadErrors = 3;
    private readonly MpegFile _mpeg;
    private bool _ended;

    public Mp3FileSampleProvider(string path)
    {
        _mpeg = new MpegFile(path);
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(_mpeg.SampleRate, _mpeg.Channels);
    }

    public WaveFormat WaveFormat { get; }

    /// <summary>Errors NLayer raised while decoding (each one skipped a frame or so).</summary>
    public int ReadErrors { get; private set; }

    /// <summary>The last decoding error, for the log.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Interleaved samples delivered so far.</summary>
    public long SamplesRead { get; private set; }

    public int Read(Span<float> buffer)
    {
        int filled = 0;
        while (filled < buffer.Length && !_ended)
        {
            int n;
            try
            {
                n = _mpeg.ReadSamples(buffer[filled..]);
            }
            catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException or IOException or NullReferenceException)
            {
                LastError = e;
                if (++ReadErrors >= MaxReadErrors)
                {
                    _ended = true;
                }

                continue;
            }

            if (n <= 0)
            {
                _ended = true;
                break;
            }

            filled += n;
        }

        Sanitize(buffer[..filled]);
        SamplesRead += filled;
        return filled;
    }

    /// <summary>Replaces NaN/∞ with silence and clamps to ±1.</summary>
    internal static void Sanitize(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            float s = samples[i];
            if (!float.IsFinite(s))
            {
                samples[i] = 0f;
            }
            else if (s > 1f)
            {
                samples[i] = 1f;
            }
            else if (s < -1f)
            {
                samples[i] = -1f;
            }
        }
    }

    public void Dispose() => _mpeg.Dispose();
}
