namespace RadioServer.Playout.Live;

/// <summary>Turns a presenter's byte stream into station-format PCM on the <see cref="LiveInput"/>.</summary>
public interface ILiveDecoder
{
    /// <summary>Audio frames (or packets) decoded so far.</summary>
    long FramesDecoded { get; }

    /// <summary>Feeds the next bytes as they arrive; throws <see cref="InvalidDataException"/> when the stream is not this format.</summary>
    void Push(ReadOnlySpan<byte> data);
}
