using Concentus.Enums;

namespace RadioServer.Streaming.Opus;

/// <summary>Concentus's managed Opus encoder at 48 kHz, tuned for music.</summary>
internal sealed class ConcentusPacketEncoder : IOpusPacketEncoder
{
    private readonly Concentus.Structs.OpusEncoder _encoder;

    public ConcentusPacketEncoder(int channels, OpusEncoderSettings settings)
    {
        // The managed encoder, explicitly: the factory silently prefers a native libopus when one is installed,
        // so behaviour (and speed) would change with the machine's packages.
#pragma warning disable CS0618 // obsolete only to steer callers to the factory
        _encoder = new Concentus.Structs.OpusEncoder(48000, channels, OpusApplication.OPUS_APPLICATION_AUDIO)
#pragma warning restore CS0618
        {
            Bitrate = settings.BitrateKbps * 1000,
            Complexity = settings.Complexity,
            SignalType = OpusSignal.OPUS_SIGNAL_MUSIC,
        };
    }

    public int Lookahead => _encoder.Lookahead;

    public string Name => "Concentus (managed)";

    public int Encode(ReadOnlySpan<float> frame, int frameSamples, Span<byte> packet) =>
        _encoder.Encode(frame, frameSamples, packet, packet.Length);

    public void Dispose() => _encoder.Dispose();
}
