using System.Buffers;
using NAudio.Wave;

namespace RadioServer.Playout.Audio;

/// <summary>
/// Plays only the frames from <paramref name="startFrame"/> (cue-in) to <paramref name="endFrame"/> (cue-out,
/// exclusive) of its source. The head is decoded and discarded on the first read (NLayer's seeking is by frame
/// and approximate; cue-ins are short, and decoding a second costs under 10 ms).
/// </summary>
public sealed class CueRangeSampleProvider(ISampleProvider source, long startFrame, long endFrame) : ISampleProvider
{
    private readonly int _channels = source.WaveFormat.Channels;
    private long _position;

    public WaveFormat WaveFormat => source.WaveFormat;

    public int Read(Span<float> buffer)
    {
        if (_position < startFrame)
        {
            SkipHead();
        }

        long framesLeft = endFrame - _position;
        if (framesLeft <= 0)
        {
            return 0;
        }

        int want = (int)Math.Min(buffer.Length, framesLeft * _channels);
        want -= want % _channels;
        int n = source.Read(buffer[..want]);
        _position += n / _channels;
        return n;
    }

    private void SkipHead()
    {
        float[] scratch = ArrayPool<float>.Shared.Rent(8192 * _channels);
        try
        {
            while (_position < startFrame)
            {
                int want = (int)Math.Min(8192, startFrame - _position) * _channels;
                int n = source.Read(scratch.AsSpan(0, want));
                if (n <= 0)
                {
                    _position = endFrame; // ended inside the head
                    return;
                }

                _position += n / _channels;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
