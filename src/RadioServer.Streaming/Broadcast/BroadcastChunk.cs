using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// An immutable run of whole encoded frames, shared by every listener of a mount. It starts on a frame
/// boundary, and all its audio belongs to one <see cref="Title"/> (a title change starts a new chunk).
/// </summary>
public sealed class BroadcastChunk(long sequence, byte[] data, StreamTitle title, TimeSpan duration)
{
    public long Sequence { get; } = sequence;

    public ReadOnlyMemory<byte> Data { get; } = data;

    public StreamTitle Title { get; } = title;

    /// <summary>Audio duration of the chunk.</summary>
    public TimeSpan Duration { get; } = duration;
}
