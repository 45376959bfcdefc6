using RadioServer.Streaming.Interop;

namespace RadioServer.Streaming.Opus;

/// <summary>
/// Debian's libopus at 48 kHz, tuned for music: the same settings as <see cref="ConcentusPacketEncoder"/>. Chosen
/// over Concentus from 48 kbps where the library is installed (issue 12; <see cref="OpusPacketEncoders"/>): Concentus
/// allocates about 110 KB of garbage per 20 ms packet (5.5 MB/s, all of an idle station's garbage) and takes about
/// 1.8 times libopus's CPU; libopus allocates nothing per packet.
/// </summary>
internal sealed class LibOpusPacketEncoder : IOpusPacketEncoder
{
    private readonly OpusEncoderSafeHandle _encoder;
    private readonly int _channels;

    public LibOpusPacketEncoder(int channels, OpusEncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _channels = channels;
        _encoder = OpusNative.opus_encoder_create(48000, channels, OpusNative.ApplicationAudio, out int error);
        if (error != OpusNative.Ok || _encoder.IsInvalid)
        {
            _encoder.Dispose();
            throw new InvalidOperationException($"opus_encoder_create: {OpusLibrary.Describe(error)}");
        }

        Set(OpusNative.SetBitrateRequest, settings.BitrateKbps * 1000);
        Set(OpusNative.SetComplexityRequest, settings.Complexity);
        Set(OpusNative.SetSignalRequest, OpusNative.SignalMusic);
        Check(OpusNative.opus_encoder_ctl_get(_encoder, OpusNative.GetLookaheadRequest, out int lookahead), "OPUS_GET_LOOKAHEAD");
        Lookahead = lookahead;
    }

    public int Lookahead { get; }

    public string Name => OpusLibrary.Version();

    public unsafe int Encode(ReadOnlySpan<float> frame, int frameSamples, Span<byte> packet)
    {
        if (frame.Length < frameSamples * _channels)
        {
            throw new ArgumentException($"{frame.Length} samples given, {frameSamples * _channels} needed", nameof(frame));
        }

        int length;
        fixed (float* pcm = frame)
        fixed (byte* data = packet)
        {
            length = OpusNative.opus_encode_float(_encoder, pcm, frameSamples, data, packet.Length);
        }

        if (length < 0)
        {
            throw new InvalidOperationException($"opus_encode_float: {OpusLibrary.Describe(length)}");
        }

        return length;
    }

    public void Dispose() => _encoder.Dispose();

    private void Set(int request, int value) => Check(OpusNative.opus_encoder_ctl_set(_encoder, request, value), $"opus_encoder_ctl({request})");

    private void Check(int result, string what)
    {
        if (result != OpusNative.Ok)
        {
            _encoder.Dispose();
            throw new InvalidOperationException($"{what}: {OpusLibrary.Describe(result)}");
        }
    }
}
