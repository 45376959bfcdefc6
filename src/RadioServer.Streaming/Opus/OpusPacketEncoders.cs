using RadioServer.Streaming.Interop;

namespace RadioServer.Streaming.Opus;

/// <summary>
/// Makes the packet encoder of an Ogg Opus stream: Debian's libopus from <see cref="LibOpusMinimumKbps"/> up where it
/// is installed, Concentus's managed encoder otherwise.
/// </summary>
public static class OpusPacketEncoders
{
    /// <summary>
    /// The lowest mount bitrate given to libopus. Below it, libopus 1.3 codes music in its SILK and hybrid modes, whose
    /// transients land 2.5–3.3 dB over the bus's peak (TransitionPipelineTests' signal at 12–32 kbps): the station's
    /// limiter would have to sit that much lower for every mount. Concentus (a port of libopus 1.1) overshoots less
    /// there: 12–24 kbps mono stay within the codec margins (<see cref="Mounts.CodecMargin"/>), 32 kbps stereo does not
    /// with either codec (decoded peaks of −0.8 and −0.1 dBFS over a −1 dBTP ceiling). From 48 kbps both stay within
    /// them, and libopus takes about 0.6 times Concentus's CPU and allocates nothing, where Concentus allocates about
    /// 110 KB per 20 ms packet.
    /// </summary>
    public const int LibOpusMinimumKbps = 48;

    /// <summary>True when a mount of <paramref name="bitrateKbps"/> encodes with libopus (the scripts install libopus0).</summary>
    public static bool UsesLibOpus(int bitrateKbps) => bitrateKbps >= LibOpusMinimumKbps && OpusLibrary.IsAvailable;

    /// <summary>Which encoder a mount of <paramref name="bitrateKbps"/> uses, for the startup log.</summary>
    public static string Describe(int bitrateKbps) =>
        UsesLibOpus(bitrateKbps) ? OpusLibrary.Version()
        : bitrateKbps < LibOpusMinimumKbps ? $"Concentus, managed: libopus from {LibOpusMinimumKbps} kbps"
        : $"Concentus, managed: libopus is not installed ({OpusLibrary.InstallHint} for less CPU and no garbage per packet)";

    internal static IOpusPacketEncoder Create(int channels, OpusEncoderSettings settings) => UsesLibOpus(settings.BitrateKbps)
        ? new LibOpusPacketEncoder(channels, settings)
        : new ConcentusPacketEncoder(channels, settings);
}
