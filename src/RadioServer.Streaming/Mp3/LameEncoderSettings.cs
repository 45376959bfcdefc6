namespace RadioServer.Streaming.Mp3;

/// <summary>How one mount's MP3 is encoded. Input is the station's PCM; LAME resamples/downmixes when the mount differs.</summary>
/// <param name="Quality">LAME's algorithm quality, 0 (best, slowest) to 9; 5 is LAME's default and ~65× real time here.</param>
/// <param name="IndependentFrames">
/// No bit reservoir: every frame decodes without the frames before it, so a player can start at any frame (an HLS
/// segment fetched alone, a seek). Costs some quality at a given bitrate.
/// </param>
public sealed record LameEncoderSettings(
    int InputSampleRate,
    int InputChannels,
    int OutputSampleRate,
    int OutputChannels,
    int BitrateKbps,
    int Quality = 5,
    bool IndependentFrames = false);
