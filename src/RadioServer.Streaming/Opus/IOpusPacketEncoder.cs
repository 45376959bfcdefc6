namespace RadioServer.Streaming.Opus;

/// <summary>
/// Encodes one 20 ms frame into one Opus packet. Concentus in production (<see cref="ConcentusPacketEncoder"/>);
/// an interface so tests can tell the mount's own allocations from the codec's, which are far larger.
/// </summary>
internal interface IOpusPacketEncoder : IDisposable
{
    /// <summary>Encoder delay in 48 kHz samples (the Ogg pre-skip).</summary>
    int Lookahead { get; }

    /// <summary>Encodes <paramref name="frame"/> (interleaved, <paramref name="frameSamples"/> per channel) into <paramref name="packet"/>; returns the packet's length.</summary>
    int Encode(ReadOnlySpan<float> frame, int frameSamples, Span<byte> packet);
}
