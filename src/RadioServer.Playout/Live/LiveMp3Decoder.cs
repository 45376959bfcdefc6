using RadioServer.Playout.Audio;
using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Live;

/// <summary>
/// Decodes a live MP3 byte stream (from a socket: NLayer's <c>MpegFile</c> needs a seekable stream, so frames
/// are cut here and decoded one by one with <see cref="Mp3FrameDecoder"/>), converts it to the station format and
/// writes it to a <see cref="PcmFifo"/>. Throws <see cref="InvalidDataException"/> when the bytes are not MP3.
/// </summary>
public sealed class LiveMp3Decoder : ILiveDecoder
{
    private const int MaxJunkBytes = 64 * 1024;

    /// <summary>The largest ID3v2 tag skipped at the start (ffmpeg's is under 100 bytes; cover art stays far below).</summary>
    public const int MaxId3Bytes = 1024 * 1024;
    private readonly StationFormat _format;
    private readonly PcmFifo _input;
    private readonly Mp3FrameSplitter _splitter = new();
    private readonly Mp3FrameDecoder _decoder = new();
    private readonly float[] _decoded = new float[Mp3FrameDecoder.MaxSamplesPerFrame];
    private LivePcmConverter? _converter;
    private long _id3Skip = -1;

    public LiveMp3Decoder(StationFormat format, PcmFifo input)
    {
        _format = format;
        _input = input;
    }

    public long FramesDecoded { get; private set; }

    public void Push(ReadOnlySpan<byte> data)
    {
        if (_id3Skip < 0)
        {
            // ffmpeg's mp3 muxer starts a stream with an ID3v2 tag; skip it rather than hunt for syncs inside it.
            if (data.Length >= 10 && data[0] == 'I' && data[1] == 'D' && data[2] == '3')
            {
                if (((data[6] | data[7] | data[8] | data[9]) & 0x80) != 0)
                {
                    throw new InvalidDataException("an ID3 header whose size is not syncsafe (a corrupt or hostile tag)");
                }

                _id3Skip = 10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]);
                if (_id3Skip > MaxId3Bytes)
                {
                    throw new InvalidDataException($"an ID3 tag of {_id3Skip / (1024.0 * 1024):0.#} MB at the start; at most {MaxId3Bytes / 1024 / 1024} MB is skipped");
                }
            }
            else
            {
                _id3Skip = 0;
            }
        }

        if (_id3Skip > 0)
        {
            int skip = (int)Math.Min(_id3Skip, data.Length);
            data = data[skip..];
            _id3Skip -= skip;
        }

        _splitter.Push(data, this, static (frame, header, self) => self.Decode(frame, header));
        if (_splitter.BytesDiscarded > MaxJunkBytes && FramesDecoded < _splitter.BytesDiscarded / 1000)
        {
            throw new InvalidDataException($"{_splitter.BytesDiscarded} bytes that are not MP3 frames");
        }
    }

    private void Decode(ReadOnlySpan<byte> frame, Mp3FrameHeader header)
    {
        if (_converter is null)
        {
            _converter = new LivePcmConverter(_format, _input, header.SampleRate, header.Channels);
        }
        else if (_converter.SampleRate != header.SampleRate || _converter.Channels != header.Channels)
        {
            throw new InvalidDataException("the live stream changed its sample rate or channel count");
        }

        int samples = _decoder.Decode(frame, header, _decoded);
        if (samples <= 0)
        {
            return; // a corrupt frame (or one drawing on it): skip it, as a player would
        }

        FramesDecoded++;
        _converter.Write(_decoded.AsSpan(0, samples));
    }
}
