using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// An immutable run of whole encoded frames (MP3) or pages (Ogg), shared by every listener of a mount. It
/// starts on a frame/page boundary, and all its audio belongs to one <see cref="Title"/> (a title change
/// starts a new chunk).
/// </summary>
public sealed class BroadcastChunk(long sequence, byte[] data, StreamTitle title, TimeSpan duration, StreamPreamble? preamble = null)
{
    public long Sequence { get; } = sequence;

    public ReadOnlyMemory<byte> Data { get; } = data;

    public StreamTitle Title { get; } = title;

    /// <summary>Audio duration of the chunk.</summary>
    public TimeSpan Duration { get; } = duration;

    /// <summary>
    /// For formats with stream headers (Ogg): the header pages a listener needs before this chunk's data,
    /// unless the chunk itself begins with them. Null for MP3.
    /// </summary>
    public StreamPreamble? Preamble { get; } = preamble;
}

/// <summary>Header bytes (Ogg BOS + comment pages) of one logical stream; <paramref name="StartsWithIt"/> when the chunk's data begins with them.</summary>
public sealed record StreamPreamble(ReadOnlyMemory<byte> Headers, bool StartsWithIt);
