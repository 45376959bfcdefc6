using NLayer;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Formats;
using MpegLayer = NLayer.MpegLayer;
using MpegVersion = NLayer.MpegVersion;

namespace RadioServer.Playout.Live;

/// <summary>
/// Decodes a live MP3 byte stream (from a socket: NLayer's <c>MpegFile</c> needs a seekable stream, so frames
/// are cut here and fed to NLayer's <see cref="MpegFrameDecoder"/>), converts it to the station format and
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
    private readonly MpegFrameDecoder _decoder = new();
    private readonly FrameBytes _frame = new();
    private readonly float[] _decoded = new float[1152 * 2];
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

        _frame.Set(frame, header);
        int n;
        try
        {
            n = _decoder.DecodeFrame(_frame, _decoded, 0);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException)
        {
            return; // a corrupt frame: skip it, as a player would
        }

        FramesDecoded++;
        // NLayer yields stereo-interleaved samples even for mono frames unless told otherwise.
        int channels = header.Channels;
        int samples = n;
        if (channels == 1 && n == header.SamplesPerFrame * 2)
        {
            for (int i = 0; i < header.SamplesPerFrame; i++)
            {
                _decoded[i] = _decoded[2 * i];
            }

            samples = header.SamplesPerFrame;
        }

        // NLayer can emit samples far outside ±1 (or not finite) from a damaged frame: the same guard as for files.
        Mp3FileSampleProvider.Sanitize(_decoded.AsSpan(0, samples));
        _converter.Write(_decoded.AsSpan(0, samples));
    }

    /// <summary>NLayer reads a frame through this: the bits after the 4-byte header (and CRC, if any).</summary>
    private sealed class FrameBytes : IMpegFrame
    {
        private byte[] _bytes = new byte[2048];
        private int _length;
        private int _bitPos;
        private Mp3FrameHeader _header;

        public void Set(ReadOnlySpan<byte> frame, Mp3FrameHeader header)
        {
            if (_bytes.Length < frame.Length)
            {
                _bytes = new byte[frame.Length];
            }

            frame.CopyTo(_bytes);
            _length = frame.Length;
            _header = header;
            Reset();
        }

        public int SampleRate => _header.SampleRate;

        public int SampleRateIndex => (_bytes[2] >> 2) & 3;

        public int FrameLength => _length;

        public int BitRate => _header.BitrateKbps * 1000;

        public MpegVersion Version => _header.Version switch { 1 => MpegVersion.Version1, 2 => MpegVersion.Version2, _ => MpegVersion.Version25 };

        public MpegLayer Layer => _header.Layer switch { 1 => MpegLayer.LayerI, 2 => MpegLayer.LayerII, _ => MpegLayer.LayerIII };

        public MpegChannelMode ChannelMode => ((_bytes[3] >> 6) & 3) switch
        {
            0 => MpegChannelMode.Stereo,
            1 => MpegChannelMode.JointStereo,
            2 => MpegChannelMode.DualChannel,
            _ => MpegChannelMode.Mono,
        };

        public int ChannelModeExtension => (_bytes[3] >> 4) & 3;

        public int SampleCount => _header.SamplesPerFrame;

        public int BitRateIndex => (_bytes[2] >> 4) & 0xF;

        public bool IsCopyrighted => ((_bytes[3] >> 3) & 1) == 1;

        public bool HasCrc => (_bytes[1] & 1) == 0;

        public bool IsCorrupted => false;

        public void Reset() => _bitPos = (HasCrc ? 6 : 4) * 8;

        public int ReadBits(int bitCount)
        {
            if (bitCount < 1 || bitCount > 32)
            {
                throw new ArgumentOutOfRangeException(nameof(bitCount));
            }

            if (_bitPos + bitCount > _length * 8)
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < bitCount; i++)
            {
                int bit = (_bytes[(_bitPos + i) >> 3] >> (7 - ((_bitPos + i) & 7))) & 1;
                value = (value << 1) | bit;
            }

            _bitPos += bitCount;
            return value;
        }
    }
}
