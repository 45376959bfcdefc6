namespace RadioServer.Streaming.Mp3;

/// <summary>How one mount's MP3 is encoded. Input is the station's PCM; LAME resamples/downmixes when the mount differs.</summary>
/// <param name="Quality">LAME's algorithm quality, 0 (best, slowest) to 9; 5 is LAME's default and ~65× real time here.</param>
public sealed record LameEncoderSettings(
    int InputSampleRate,
    int InputChannels,
    int OutputSampleRate,
    int OutputChannels,
    int BitrateKbps,
    int Quality = 5);
