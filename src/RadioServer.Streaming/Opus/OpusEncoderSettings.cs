namespace RadioServer.Streaming.Opus;

/// <summary>How one Ogg Opus mount is encoded (always at 48 kHz, Opus's native rate).</summary>
/// <param name="Complexity">Opus complexity 0–10; 10 ≈ 50–60× real time on this machine (platform-notes).</param>
public sealed record OpusEncoderSettings(int InputSampleRate, int InputChannels, int OutputChannels, int BitrateKbps, int Complexity = 10);
