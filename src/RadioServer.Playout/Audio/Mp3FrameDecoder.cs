using NLayer;
using RadioServer.Playout.Formats;
using MpegLayer = NLayer.MpegLayer;
using MpegVersion = NLayer.MpegVersion;

namespace RadioServer.Playout.Audio;

/// <summary>
/// Decodes one MPEG audio frame at a time with NLayer's <see cref="MpegFrameDecoder"/> (files through
/// <see cref="Mp3FrameWalker"/>, live input through <see cref="Mp3FrameSplitter"/>): we cut the frames, so we know
/// what was skipped, and NLayer's own reader, which needs a seekable stream and resyncs silently, is not used.
/// A frame NLayer throws on, or whose output is not sane audio (not finite, or far beyond full scale: decoded
/// garbage), is reported as corrupt rather than aired.
/// </summary>
public sealed class Mp3FrameDecoder
{
    /// <summary>Peak above which a decoded frame is garbage, not a loud master (12 dB over full scale).</summary>
    private const float InsanePeak = 4f;

    private readonly MpegFrameDecoder _decoder = new();
    private readonly FrameBytes _frame = new();

    /// <summary>The largest output of one frame, in interleaved samples.</summary>
    public const int MaxSamplesPerFrame = 1152 * 2;


    /// <summary>
    /// Decodes <paramref name="frame"/> into <paramref name="output"/> (at least <see cref="MaxSamplesPerFrame"/>
    /// long) as <paramref name="header"/>'s channel count, interleaved, clamped to ±1. Returns the sample count, 0 when
    /// NLayer yields nothing for it (e.g. its bit reservoir is still empty after a gap), or -1 when it is corrupt.
    /// </summary>
    public int Decode(ReadOnlySpan<byte> frame, Mp3FrameHeader header, Span<float> output)
    {
        if (header.Layer == 3 && Layer3SideInfo.Check(frame, header) is not null)
        {
            return -1; // not given to NLayer: its reservoir and filters stay as the last good frame left them
        }

        _frame.Set(frame, header);
        int n;
        try
        {
            n = _decoder.DecodeFrame(_frame, _scratch, 0);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException or NullReferenceException or InvalidOperationException)
        {
            ForgetGarbage();
            return -1;
        }

        // NLayer yields stereo-interleaved samples even for mono frames.
        int samples = n;
        if (header.Channels == 1 && n == header.SamplesPerFrame * 2)
        {
            samples = header.SamplesPerFrame;
            for (int i = 0; i < samples; i++)
            {
                output[i] = _scratch[2 * i];
            }
        }
        else
        {
            _scratch.AsSpan(0, samples).CopyTo(output);
        }

        var decoded = output[..samples];
        _framesSinceReset++;
        if (!IsSane(decoded))
        {
            ForgetGarbage();
            return -1;
        }

        Mp3FileSampleProvider.Sanitize(decoded);
        return samples;
    }

    /// <summary>Frames between two resets at the least (one second of audio).</summary>
    private const int FramesBetweenResets = 38;

    private int _framesSinceReset = FramesBetweenResets;

    /// <summary>
    /// After garbage, NLayer's bit reservoir and filters hold garbage: reset them (the next frame or two then yield
    /// nothing, <c>0</c>). NLayer rebuilds about 70 KB of state after a reset, so a stream of damage resets at most
    /// once a second of audio; between resets, garbage it makes is caught as garbage again.
    /// </summary>
    private void ForgetGarbage()
    {
        if (_framesSinceReset >= FramesBetweenResets)
        {
            _decoder.Reset();
            _framesSinceReset = 0;
        }
    }

    private readonly float[] _scratch = new float[MaxSamplesPerFrame];

    private static bool IsSane(ReadOnlySpan<float> samples)
    {
        foreach (float s in samples)
        {
            if (!float.IsFinite(s) || Math.Abs(s) > InsanePeak)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The structural checks a careful decoder makes on a layer III frame's side info before trusting it (ISO 11172-3
    /// 2.4.1.7): counts and table numbers that cannot occur mean the frame's bytes were damaged. NLayer makes none of
    /// them; a damaged frame it accepts decodes to a burst of noise. Damage inside the Huffman data itself cannot be
    /// seen without a CRC (LAME writes none) and plays as it plays in every player.
    /// </summary>
    private static class Layer3SideInfo
    {
        public static string? Check(ReadOnlySpan<byte> frame, Mp3FrameHeader header)
        {
            bool mpeg1 = header.Version == 1;
            int channels = header.Channels;
            int sideInfoBytes = mpeg1 ? (channels == 1 ? 17 : 32) : (channels == 1 ? 9 : 17);
            int start = Mp3FrameHeader.Size + ((frame[1] & 1) == 0 ? 2 : 0);
            if (frame.Length < start + sideInfoBytes)
            {
                return "frame shorter than its side info";
            }

            var bits = new BitCursor(frame.Slice(start, sideInfoBytes));
            int mainDataBegin = bits.Read(mpeg1 ? 9 : 8);
            bits.Skip(mpeg1 ? (channels == 1 ? 5 : 3) : (channels == 1 ? 1 : 2)); // private bits
            if (mpeg1)
            {
                bits.Skip(4 * channels); // scfsi
            }

            long part23 = 0;
            int granules = mpeg1 ? 2 : 1;
            for (int g = 0; g < granules; g++)
            {
                for (int c = 0; c < channels; c++)
                {
                    part23 += bits.Read(12);
                    if (bits.Read(9) > 288)
                    {
                        return "big_values beyond the 576 lines of a granule";
                    }

                    bits.Skip(8 + (mpeg1 ? 4 : 9)); // global_gain, scalefac_compress
                    bool windowSwitching = bits.Read(1) == 1;
                    int tables;
                    if (windowSwitching)
                    {
                        if (bits.Read(2) == 0)
                        {
                            return "window switching with the reserved block type 0";
                        }

                        bits.Skip(1); // mixed_block_flag
                        tables = 2;
                    }
                    else
                    {
                        tables = 3;
                    }

                    for (int t = 0; t < tables; t++)
                    {
                        if (bits.Read(5) is 4 or 14)
                        {
                            return "a Huffman table number that does not exist";
                        }
                    }

                    bits.Skip(windowSwitching ? 9 : 7); // subblock_gain ×3, or region0/1_count
                    bits.Skip(mpeg1 ? 3 : 2); // (preflag,) scalefac_scale, count1table_select
                }
            }

            int mainDataBytes = frame.Length - start - sideInfoBytes;
            if (part23 > (mainDataBegin + (long)mainDataBytes) * 8)
            {
                return "its side info claims more bits than the frame and the bit reservoir hold";
            }

            return null;
        }

        private ref struct BitCursor(ReadOnlySpan<byte> bytes)
        {
            private readonly ReadOnlySpan<byte> _bytes = bytes;
            private int _bit;

            public int Read(int count)
            {
                int value = 0;
                for (int i = 0; i < count; i++, _bit++)
                {
                    value = (value << 1) | ((_bytes[_bit >> 3] >> (7 - (_bit & 7))) & 1);
                }

                return value;
            }

            public void Skip(int count) => _bit += count;
        }
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
