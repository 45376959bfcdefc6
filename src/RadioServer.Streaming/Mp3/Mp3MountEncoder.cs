using RadioServer.Playout.Audio;
using RadioServer.Playout.Engine;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Mp3;

/// <summary>
/// One mount's MP3 encoder: reads the PCM bus (called on the playout thread, once per block whatever the
/// number of listeners), encodes with LAME, cuts the output into whole frames and appends chunks of about
/// <c>chunkDuration</c> to the mount's <see cref="BroadcastBuffer"/>. A track start in the PCM is mapped to
/// the MP3 frame where its first sample lands (input position, resampled, plus LAME's encoder delay), and
/// a new chunk with the new title starts exactly there.
/// </summary>
public sealed class Mp3MountEncoder : IMountEncoder
{
    private readonly LameMp3Encoder _encoder;
    private readonly Mp3FrameSplitter _splitter = new();
    private readonly BroadcastBuffer _buffer;
    private readonly int _framesPerChunk;
    private readonly Queue<(long Frame, StreamTitle Title)> _pendingTitles = new();
    private readonly byte[] _chunk;
    private readonly double _rateRatio;
    private int _chunkBytes;
    private int _chunkFrames;
    private long _frameIndex;
    private StreamTitle _title = StreamTitle.Empty;
    private TimeSpan _frameDuration;
    private StreamTitle? _override;

    public Mp3MountEncoder(LameEncoderSettings settings, BroadcastBuffer buffer, TimeSpan chunkDuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _encoder = new LameMp3Encoder(settings);
        _buffer = buffer;
        _rateRatio = (double)settings.OutputSampleRate / settings.InputSampleRate;
        double frameSeconds = (double)_encoder.SamplesPerFrame / settings.OutputSampleRate;
        _framesPerChunk = Math.Max(1, (int)Math.Round(chunkDuration.TotalSeconds / frameSeconds));
        _chunk = new byte[(_framesPerChunk * 1441) + 1441]; // 1441 bytes: the largest MPEG-1 Layer III frame at 320 kbps/32 kHz
    }

    public BroadcastBuffer Buffer => _buffer;

    public LameEncoderSettings Settings => _encoder.Settings;

    /// <summary>The title of the audio most recently encoded.</summary>
    public StreamTitle CurrentTitle => _title;

    /// <summary>MP3 frames produced since start.</summary>
    public long FramesEncoded => _frameIndex;

    public double EncodedSeconds => (double)_frameIndex * _encoder.SamplesPerFrame / _encoder.Settings.OutputSampleRate;

    public void OverrideTitle(StreamTitle title) => Volatile.Write(ref _override, title);

    public void Write(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (Interlocked.Exchange(ref _override, null) is { } manual)
        {
            _pendingTitles.Enqueue((_frameIndex, manual));
        }

        foreach (var start in block.TrackStarts)
        {
            long outSample = (long)Math.Round(start.BusFrame * _rateRatio) + _encoder.EncoderDelay;
            _pendingTitles.Enqueue((outSample / _encoder.SamplesPerFrame, StreamTitle.ForTrack(start.Item.Track)));
        }

        _splitter.Push(_encoder.Encode(block.Samples), this, static (frame, header, self) => self.OnFrame(frame, header));
    }

    private void OnFrame(ReadOnlySpan<byte> frame, Mp3FrameHeader header)
    {
        _frameDuration = TimeSpan.FromSeconds(header.DurationSeconds);
        bool titleChanges = _pendingTitles.Count > 0 && _pendingTitles.Peek().Frame <= _frameIndex;
        if (titleChanges || _chunkFrames >= _framesPerChunk || _chunkBytes + frame.Length > _chunk.Length)
        {
            EmitChunk();
        }

        while (_pendingTitles.Count > 0 && _pendingTitles.Peek().Frame <= _frameIndex)
        {
            _title = _pendingTitles.Dequeue().Title;
        }

        frame.CopyTo(_chunk.AsSpan(_chunkBytes));
        _chunkBytes += frame.Length;
        _chunkFrames++;
        _frameIndex++;
    }

    private void EmitChunk()
    {
        if (_chunkFrames == 0)
        {
            return;
        }

        _buffer.Append(_chunk.AsSpan(0, _chunkBytes).ToArray(), _title, _frameDuration * _chunkFrames);
        _chunkBytes = 0;
        _chunkFrames = 0;
    }

    public void Dispose() => _encoder.Dispose();
}
