namespace RadioServer.Streaming.Opus;

/// <summary>
/// Encodes one 20 ms frame into one Opus packet: Debian's libopus (<see cref="LibOpusPacketEncoder"/>) or Concentus's
/// managed encoder (<see cref="ConcentusPacketEncoder"/>), as <see cref="OpusPacketEncoders.Create"/> picks by bitrate
/// and what is installed. An interface also so tests can tell the mount's own allocations from a codec's.
/// </summary>
internal interface IOpusPacketEncoder : IDisposable
{
    /// <summary>Encoder delay in 48 kHz samples (the Ogg pre-skip).</summary>
    int Lookahead { get; }

    /// <summary>The codec and its version, for the startup log and the OpusTags vendor string.</summary>
    string Name { get; }

    /// <summary>Encodes <paramref name="frame"/> (interleaved, <paramref name="frameSamples"/> per channel) into <paramref name="packet"/>; returns the packet's length.</summary>
    int Encode(ReadOnlySpan<float> frame, int frameSamples, Span<byte> packet);
}
