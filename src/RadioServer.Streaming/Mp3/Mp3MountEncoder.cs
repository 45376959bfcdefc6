using RadioServer.Playout.Bus;
using RadioServer.Playout.Formats;
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
    private readonly TitleSchedule _titles;
    private readonly byte[] _chunk;
    private int _chunkBytes;
    private int _chunkFrames;
    private long _frameIndex;
    private StreamTitle _title = StreamTitle.Empty;
    private TimeSpan _frameDuration;

    public Mp3MountEncoder(LameEncoderSettings settings, BroadcastBuffer buffer, TimeSpan chunkDuration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _encoder = new LameMp3Encoder(settings);
        _buffer = buffer;
        _titles = new TitleSchedule((double)settings.OutputSampleRate / settings.InputSampleRate, _encoder.EncoderDelay, _encoder.SamplesPerFrame);
        double frameSeconds = (double)_encoder.SamplesPerFrame / settings.OutputSampleRate;
        _framesPerChunk = Math.Max(1, (int)Math.Round(chunkDuration.TotalSeconds / frameSeconds));
        _chunk = new byte[(_framesPerChunk * 1441) + 1441]; // 1441 bytes: the largest MPEG-1 Layer III frame at 320 kbps/32 kHz
    }

    public BroadcastBuffer Buffer => _buffer;

    public LameEncoderSettings Settings => _encoder.Settings;

    /// <summary>The title of the audio most recently encoded.</summary>
    public StreamTitle CurrentTitle => _title;

    public double EncodedSeconds => (double)_frameIndex * _encoder.SamplesPerFrame / _encoder.Settings.OutputSampleRate;

    public void OverrideTitle(StreamTitle title) => _titles.Override(title);

    public void Write(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _titles.Collect(block, _frameIndex);
        _splitter.Push(_encoder.Encode(block.Samples), this, static (frame, header, self) => self.OnFrame(frame, header));
    }

    private void OnFrame(ReadOnlySpan<byte> frame, Mp3FrameHeader header)
    {
        _frameDuration = TimeSpan.FromSeconds(header.DurationSeconds);
        bool titleChanges = _titles.TryTake(_frameIndex, out var newTitle);
        if (titleChanges || _chunkFrames >= _framesPerChunk || _chunkBytes + frame.Length > _chunk.Length)
        {
            EmitChunk(); // a title change starts a new chunk, so the chunk before keeps the old title
        }

        if (titleChanges)
        {
            _title = newTitle;
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
