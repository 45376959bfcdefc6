using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Tests.Broadcast;

public class BroadcastBufferTests
{
    private static readonly TimeSpan Chunk = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void BurstStart_ReturnsNewestWholeChunksCoveringBurst()
    {
        var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500));
        for (int i = 0; i < 10; i++)
        {
            buffer.Append(new byte[1000], StreamTitle.Empty, Chunk);
        }

        Assert.Equal(7, buffer.BurstStart(2500)); // chunks 7, 8, 9 = 3000 bytes ≥ 2500
        Assert.Equal(10, buffer.BurstStart(0));
        Assert.Equal(0, buffer.BurstStart(1_000_000));
    }

    [Fact]
    public void Append_BeyondByteLimit_DropsOldestAndReportsGone()
    {
        var buffer = new BroadcastBuffer(5000, TimeSpan.FromMilliseconds(500));
        for (int i = 0; i < 8; i++)
        {
            buffer.Append(new byte[1000], StreamTitle.Empty, Chunk);
        }

        Assert.Equal(3, buffer.Tail);
        Assert.Equal(ChunkRead.Gone, buffer.TryRead(2, out _));
        Assert.Equal(ChunkRead.Ok, buffer.TryRead(3, out var chunk));
        Assert.Equal(3, chunk!.Sequence);
        Assert.Equal(ChunkRead.NotYet, buffer.TryRead(8, out _));
    }

    [Fact]
    public void NextWake_CompletesOncePerWakeIntervalOfAudio()
    {
        var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(300));
        var wake = buffer.NextWake;
        buffer.Append(new byte[10], StreamTitle.Empty, Chunk);
        buffer.Append(new byte[10], StreamTitle.Empty, Chunk);
        Assert.False(wake.IsCompleted);
        buffer.Append(new byte[10], StreamTitle.Empty, Chunk);
        Assert.True(wake.IsCompleted);
        Assert.False(buffer.NextWake.IsCompleted);
    }
}
