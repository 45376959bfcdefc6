using NAudio.Wave;
using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Audio;

/// <summary>
/// Decodes an MP3 file into interleaved float samples the way a forgiving player does: every frame
/// <see cref="Mp3FrameWalker"/> finds is decoded (<see cref="Mp3FrameDecoder"/>), whatever lies between them.
/// <list type="bullet">
/// <item>A frame that decodes to garbage, or that NLayer cannot decode because the frames it draws bits from were
/// damaged, is concealed: the last good frame stands in for it, so the timing stays and there is no hole.</item>
/// <item>Where bytes were skipped or a frame was concealed, the audio fades out over <see cref="FadeSeconds"/> before
/// the splice and back in after it, so it does not click. The fade out needs the frame before the damage: one decoded
/// frame is held back.</item>
/// <item>A file that ends inside a frame fades out at its last whole frame.</item>
/// <item>The output format is the first frame's; a later run of frames in another sample rate or channel count is
/// converted to it (NAudio's resampler), so a file made of two joined recordings plays whole.</item>
/// </list>
/// What was damaged and what it cost is in <see cref="Damage"/> once the file has been read.
/// </summary>
public sealed class Mp3FileSampleProvider : ISampleProvider, IDisposable
{
    /// <summary>The fade either side of damage.</summary>
    public const double FadeSeconds = 0.005;

    private readonly Stream _file;
    private readonly Mp3FrameWalker _walker;
    private readonly Mp3FrameDecoder _decoder = new();
    private readonly float[] _decoded = new float[Mp3FrameDecoder.MaxSamplesPerFrame];
    private readonly int _fadeFrames;
    private float[] _held = new float[Mp3FrameDecoder.MaxSamplesPerFrame * 2];
    private int _heldCount;
    private bool _heldIsAudio;
    private float[] _ready = new float[Mp3FrameDecoder.MaxSamplesPerFrame * 2];
    private int _readyCount;
    private int _readyPos;
    private bool _walked;
    private bool _ended;
    private bool _heardAny;
    private bool _heldConcealed;
    private float[] _lastGood = new float[Mp3FrameDecoder.MaxSamplesPerFrame];
    private float[] _repeat = new float[Mp3FrameDecoder.MaxSamplesPerFrame];
    private int _lastGoodCount;
    private int _concealed;
    private readonly Dictionary<(int Rate, int Channels), PcmQueueConverter> _foreign = [];

    public Mp3FileSampleProvider(string path)
        : this(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
    {
    }

    /// <summary>Decodes <paramref name="stream"/> (seekable; disposed with this); throws <see cref="InvalidDataException"/> when it holds no frame.</summary>
    public Mp3FileSampleProvider(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _file = stream;
        try
        {
            _walker = new Mp3FrameWalker(_file);
            if (!_walker.MoveNext())
            {
                throw new InvalidDataException("no MPEG audio frames");
            }
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        var first = _walker.Header;
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(first.SampleRate, first.Channels);
        _fadeFrames = Math.Max(1, (int)(FadeSeconds * first.SampleRate));
    }

    public WaveFormat WaveFormat { get; }

    /// <summary>Frames that could not be decoded (damaged, or drawing on damaged frames) and were concealed.</summary>
    public int ConcealedFrames => _concealed;



    /// <summary>What was damaged in the part of the file read so far.</summary>
    public Mp3Damage Damage => Mp3Damage.From(_walker, _concealed);

    public int Read(Span<float> buffer)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            if (_readyPos == _readyCount && !Advance())
            {
                break;
            }

            int n = Math.Min(buffer.Length - filled, _readyCount - _readyPos);
            _ready.AsSpan(_readyPos, n).CopyTo(buffer[filled..]);
            _readyPos += n;
            filled += n;
        }

        return filled;
    }

    /// <summary>Decodes the next frame and releases the one held before it; false when nothing is left.</summary>
    private bool Advance()
    {
        if (_ended)
        {
            return false;
        }

        bool damageBefore;
        if (!_walked)
        {
            _walked = true; // the constructor already moved to the first frame
            damageBefore = false;
        }
        else if (_walker.MoveNext())
        {
            damageBefore = _walker.SkippedBefore > 0 || _walker.FormatChanged;
        }
        else
        {
            _ended = true;
            if (_walker.TruncatedBytes > 0 || _walker.JunkBytes > 0)
            {
                FadeOut(); // the file stops mid-phrase: do not end on a step
            }

            Release([], audio: false);
            return _readyCount > 0;
        }

        if (_walker.IsInfoFrame)
        {
            _readyCount = _readyPos = 0;
            return true; // not audio
        }

        var header = _walker.Header;
        int n = _decoder.Decode(_walker.Frame, header, _decoded);
        bool concealed = n <= 0 && _heardAny;
        Span<float> frame;
        if (n > 0)
        {
            frame = ToOutputFormat(header, n);
            if (_lastGood.Length < frame.Length)
            {
                _lastGood = new float[frame.Length];
                _repeat = new float[frame.Length];
            }

            frame.CopyTo(_lastGood);
            _lastGoodCount = frame.Length;
            _heardAny = true;
        }
        else
        {
            if (!concealed)
            {
                return true; // nothing decodable yet at the start: nothing to repeat
            }

            // The frame is lost (garbage), or NLayer lacks the bits it draws on: the last good frame stands in for it,
            // faded at both ends. Music repeated for 26 ms is far less audible than a hole, and the timing stays.
            _concealed++;
            frame = _repeat.AsSpan(0, _lastGoodCount);
            _lastGood.AsSpan(0, _lastGoodCount).CopyTo(frame);
        }

        if (damageBefore || concealed || _heldConcealed)
        {
            FadeOut();
            Fade(frame, fadeIn: true);
        }

        Release(frame, audio: true);
        _heldConcealed = concealed;
        return true;
    }

    /// <summary>Moves the held frame to the output and holds <paramref name="frame"/> in its place.</summary>
    private void Release(ReadOnlySpan<float> frame, bool audio)
    {
        (_ready, _held) = (_held, _ready);
        _readyCount = _heldCount;
        _readyPos = 0;
        if (_held.Length < frame.Length)
        {
            _held = new float[frame.Length];
        }

        frame.CopyTo(_held);
        _heldCount = frame.Length;
        _heldIsAudio = audio;
    }

    private void FadeOut()
    {
        if (_heldIsAudio)
        {
            Fade(_held.AsSpan(0, _heldCount), fadeIn: false);
        }
    }

    /// <summary>A linear fade over the first (in) or last (out) <see cref="FadeSeconds"/> of <paramref name="samples"/>.</summary>
    private void Fade(Span<float> samples, bool fadeIn)
    {
        int channels = WaveFormat.Channels;
        int frames = samples.Length / channels;
        int length = Math.Min(_fadeFrames, frames);
        for (int i = 0; i < length; i++)
        {
            float gain = (float)i / length;
            int frame = fadeIn ? i : frames - 1 - i;
            for (int c = 0; c < channels; c++)
            {
                samples[(frame * channels) + c] *= gain;
            }
        }
    }

    /// <summary>The decoded frame in the output format: as it is, or through the converter for a foreign segment.</summary>
    private Span<float> ToOutputFormat(Mp3FrameHeader header, int samples)
    {
        if (header.SampleRate == WaveFormat.SampleRate && header.Channels == WaveFormat.Channels)
        {
            return _decoded.AsSpan(0, samples);
        }

        // One converter per format met (at most 9 rates × 2 channel counts), so a file that keeps switching does not
        // build a resampler each time.
        if (!_foreign.TryGetValue((header.SampleRate, header.Channels), out var converter))
        {
            converter = new PcmQueueConverter(new StationFormat(WaveFormat.SampleRate, WaveFormat.Channels), header.SampleRate, header.Channels);
            _foreign[(header.SampleRate, header.Channels)] = converter;
        }

        var converted = converter.Convert(_decoded.AsSpan(0, samples));
        Sanitize(converted); // resampling a full-scale signal rings past ±1
        return converted;
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

    public void Dispose() => _file.Dispose();
}
