using RadioServer.Streaming.Interop;

namespace RadioServer.Streaming.Mp3;

/// <summary>
/// Constant-bitrate MP3 encoder over libmp3lame. No Xing/Info frame is written (a live stream has no end),
/// and the output sample rate is pinned (at low bitrates LAME would otherwise pick its own).
/// Not thread-safe: one encoder per mount, fed from the playout thread.
/// </summary>
public sealed class LameMp3Encoder : IDisposable
{
    private readonly LameSafeHandle _lame;
    private readonly int _inputChannels;
    private byte[] _output = new byte[16 * 1024];

    public LameMp3Encoder(LameEncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.InputChannels is < 1 or > 2 || settings.OutputChannels is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), "MP3 carries one or two channels");
        }

        Settings = settings;
        _inputChannels = settings.InputChannels;
        _lame = LameNative.lame_init();
        if (_lame.IsInvalid)
        {
            throw new LameException("lame_init returned no encoder");
        }

        Check(nameof(LameNative.lame_set_in_samplerate), LameNative.lame_set_in_samplerate(_lame, settings.InputSampleRate));
        Check(nameof(LameNative.lame_set_out_samplerate), LameNative.lame_set_out_samplerate(_lame, settings.OutputSampleRate));
        Check(nameof(LameNative.lame_set_num_channels), LameNative.lame_set_num_channels(_lame, settings.InputChannels));
        Check(nameof(LameNative.lame_set_mode), LameNative.lame_set_mode(_lame, settings.OutputChannels == 1 ? LameNative.ModeMono : LameNative.ModeJointStereo));
        Check(nameof(LameNative.lame_set_VBR), LameNative.lame_set_VBR(_lame, 0));
        Check(nameof(LameNative.lame_set_brate), LameNative.lame_set_brate(_lame, settings.BitrateKbps));
        Check(nameof(LameNative.lame_set_quality), LameNative.lame_set_quality(_lame, settings.Quality));
        Check(nameof(LameNative.lame_set_bWriteVbrTag), LameNative.lame_set_bWriteVbrTag(_lame, 0));
        if (settings.IndependentFrames)
        {
            Check(nameof(LameNative.lame_set_disable_reservoir), LameNative.lame_set_disable_reservoir(_lame, 1));
        }

        Check(nameof(LameNative.lame_init_params), LameNative.lame_init_params(_lame));
        EncoderDelay = LameNative.lame_get_encoder_delay(_lame);
        SamplesPerFrame = LameNative.lame_get_framesize(_lame);
    }

    public LameEncoderSettings Settings { get; }

    /// <summary>Samples (at the output rate) that LAME puts before the first input sample.</summary>
    public int EncoderDelay { get; }

    /// <summary>Samples per channel in one output frame (1152 for MPEG-1, 576 for MPEG-2/2.5).</summary>
    public int SamplesPerFrame { get; }

    /// <summary>
    /// Encodes interleaved float samples (±1). Returns the MP3 bytes produced, which are only valid until
    /// the next call. LAME holds back up to about two frames; the bytes are whole frames.
    /// </summary>
    public unsafe ReadOnlySpan<byte> Encode(ReadOnlySpan<float> interleaved)
    {
        int perChannel = interleaved.Length / _inputChannels;
        int needed = (int)(1.25 * perChannel) + 7200;
        if (_output.Length < needed)
        {
            _output = new byte[needed];
        }

        int written;
        fixed (float* pcm = interleaved)
        fixed (byte* mp3 = _output)
        {
            written = _inputChannels == 2
                ? LameNative.lame_encode_buffer_interleaved_ieee_float(_lame, pcm, perChannel, mp3, _output.Length)
                : LameNative.lame_encode_buffer_ieee_float(_lame, pcm, pcm, perChannel, mp3, _output.Length);
        }

        Check("lame_encode_buffer_ieee_float", written);
        return _output.AsSpan(0, written);
    }

    /// <summary>Flushes the last frames (end of a stream or of a file). Valid until the next call.</summary>
    public unsafe ReadOnlySpan<byte> Flush()
    {
        int written;
        fixed (byte* mp3 = _output)
        {
            written = LameNative.lame_encode_flush(_lame, mp3, _output.Length);
        }

        Check(nameof(LameNative.lame_encode_flush), written);
        return _output.AsSpan(0, written);
    }

    public void Dispose() => _lame.Dispose();

    private static void Check(string function, int code)
    {
        if (code < 0)
        {
            throw new LameException(function, code);
        }
    }
}
