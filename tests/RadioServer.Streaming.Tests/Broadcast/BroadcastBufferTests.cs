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

    [Fact]
    public void Subscribe_ListenersSpreadOverPhases_EachChunkWakesOnePhaseAndEachListenerOncePerInterval()
    {
        // 100 ms chunks, a 500 ms interval: each chunk wakes the fifth of the listeners in one phase, so the writes
        // of many listeners do not bunch; every listener is still woken once per 500 ms of audio.
        var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500)) { WakeListenersInline = true };
        var waiters = Enumerable.Range(0, 3 * BroadcastBuffer.WakePhases).Select(_ => new ListenerWaiter()).ToArray();
        var woken = new int[waiters.Length];
        var pending = new Task[waiters.Length];
        for (int i = 0; i < waiters.Length; i++)
        {
            waiters[i].Arm();
            buffer.Subscribe(waiters[i]);
            pending[i] = waiters[i].WaitAsync().AsTask();
        }

        // The mount's listeners take its phases in turn, whatever other buffers exist.
        Assert.Equal(Enumerable.Range(0, waiters.Length).Select(i => i % BroadcastBuffer.WakePhases), waiters.Select(w => w.Phase));

        var phasesWoken = new List<int>();
        for (int chunk = 0; chunk < 4 * BroadcastBuffer.WakePhases; chunk++)
        {
            buffer.Append(new byte[10], StreamTitle.Empty, Chunk);
            var now = Enumerable.Range(0, waiters.Length).Where(i => pending[i].IsCompleted).ToArray();
            Assert.Equal(3, now.Length); // one phase per chunk
            Assert.Single(now.Select(i => waiters[i].Phase).Distinct());
            phasesWoken.Add(waiters[now[0]].Phase);
            foreach (int i in now)
            {
                woken[i]++;
                waiters[i].Arm(); // the listener wrote, and waits again
                buffer.Subscribe(waiters[i]);
                pending[i] = waiters[i].WaitAsync().AsTask();
            }
        }

        Assert.All(woken, count => Assert.Equal(4, count)); // 2 s of audio: every listener woken 4 times
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(_ => Enumerable.Range(0, BroadcastBuffer.WakePhases)), phasesWoken.Select(p => (p - phasesWoken[0] + BroadcastBuffer.WakePhases) % BroadcastBuffer.WakePhases));
    }
}
