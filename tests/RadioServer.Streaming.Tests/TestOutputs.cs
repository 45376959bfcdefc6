using RadioServer.Streaming.Broadcast;

namespace RadioServer.Streaming.Tests;

/// <summary>
/// A listener output that counts what it is given and, when asked, keeps a copy of the bytes; every send completes
/// at once. Counting alone allocates nothing, so allocation tests can use it.
/// </summary>
internal sealed class CountingOutput(bool keep = false) : ListenerOutput
{
    private readonly List<byte> _bytes = [];

    public long Written { get; private set; }

    public int Pieces { get; private set; }

    public int Sends { get; private set; }

    public byte[] Bytes => [.. _bytes];

    public override void Add(ReadOnlyMemory<byte> bytes)
    {
        Written += bytes.Length;
        Pieces++;
        if (keep)
        {
            _bytes.AddRange(bytes.Span);
        }
    }

    public override ValueTask<ListenerSend> SendAsync(TimeSpan maxLag, TimeProvider time, CancellationToken cancellationToken)
    {
        Sends++;
        return ValueTask.FromResult(ListenerSend.Sent);
    }
}
