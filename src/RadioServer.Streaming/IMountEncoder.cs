using RadioServer.Playout.Bus;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming;

/// <summary>One mount's encoder: a sink of the PCM bus that fills the mount's broadcast buffer.</summary>
public interface IMountEncoder : IPcmSink, IDisposable
{
    BroadcastBuffer Buffer { get; }

    /// <summary>The title of the audio most recently encoded.</summary>
    StreamTitle CurrentTitle { get; }

    /// <summary>Seconds of audio encoded since start (for stats and the encoder-lag check).</summary>
    double EncodedSeconds { get; }

    /// <summary>
    /// An operator's title update (<c>/admin/metadata</c>): it applies from the next frame the encoder emits and
    /// holds until the next track starts. Safe to call from any thread.
    /// </summary>
    void OverrideTitle(StreamTitle title);
}
