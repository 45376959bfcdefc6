namespace RadioServer.Streaming.Mounts;

/// <summary>The headroom lossy codecs need: what the bus limiter leaves under the station's true-peak ceiling.</summary>
public static class CodecMargin
{
    /// <summary>
    /// The ceiling the bus limiter holds, so that the decoded output of every mount stays under
    /// <paramref name="ceilingDbtp"/>: lossy coding adds its quantisation noise on top of the limited PCM, and the
    /// decoded peaks land above the PCM's (measured here: +0.24 dB over a −1 dBTP bus at 192 kbps). The margin is
    /// the largest any mount needs (<see cref="Of"/>), unless <paramref name="overrideDb"/> sets it.
    /// </summary>
    public static double LimiterCeiling(double ceilingDbtp, IEnumerable<MountOptions> mounts, double? overrideDb = null) =>
        ceilingDbtp - (overrideDb ?? mounts.Select(Of).DefaultIfEmpty(0).Max());

    /// <summary>
    /// Headroom (dB) a mount's codec needs between the bus's true peak and its decoded sample peak: 1 dB at 64 kbps per
    /// channel and above (the EBU R128 s1 advice of −1 dBTP before coding assumes high bitrates, and we measured 0.24 dB of
    /// overshoot at 96 kbps per channel), 1.5 dB from 32 kbps per channel, 2 dB below (low bitrates add more noise, and
    /// R128 s1 asks for a lower ceiling for them). Opus gets the same steps at 24 and 12 kbps per channel
    /// (TransitionPipelineTests decode Opus at 24 kbps mono and 48 and 96 kbps stereo within them; at 32 kbps stereo
    /// both Opus encoders overshoot the ceiling: <see cref="Opus.OpusPacketEncoders"/>).
    /// </summary>
    public static double Of(MountOptions mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        double perChannel = (double)mount.Bitrate / Math.Max(1, mount.Channels);
        double high = mount.IsOgg ? 24 : 64; // Opus reaches MP3's quality at about a third of the bitrate
        return perChannel >= high ? 1.0 : perChannel >= high / 2 ? 1.5 : 2.0;
    }
}
