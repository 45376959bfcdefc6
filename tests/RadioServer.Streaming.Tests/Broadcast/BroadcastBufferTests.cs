using Microsoft.Extensions.Time.Testing;
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
            pending[i] = Wait(buffer, waiters[i]);
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
                pending[i] = Wait(buffer, waiters[i]); // the listener wrote, and waits again
            }
        }

        Assert.All(woken, count => Assert.Equal(4, count)); // 2 s of audio: every listener woken 4 times
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(_ => Enumerable.Range(0, BroadcastBuffer.WakePhases)), phasesWoken.Select(p => (p - phasesWoken[0] + BroadcastBuffer.WakePhases) % BroadcastBuffer.WakePhases));
    }

    [Fact]
    public void Subscribe_WithClock_EachPhaseWakesOnItsTimerWithTheAudioThatCame()
    {
        // On a clock, a phase wakes an interval after its last wake-up with whatever audio came (here 50 ms chunks,
        // less than an interval), not when a whole interval of audio has come.
        var clock = new FakeTimeProvider();
        using var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500), clock: clock) { WakeListenersInline = true };
        var waiters = Enumerable.Range(0, BroadcastBuffer.WakePhases).Select(_ => new ListenerWaiter()).ToArray();
        var pending = waiters.Select(w => Wait(buffer, w)).ToArray();
        var half = TimeSpan.FromMilliseconds(50);
        buffer.Append(new byte[10], StreamTitle.Empty, half);
        Assert.DoesNotContain(pending, p => p.IsCompleted);

        for (int phase = 0; phase < BroadcastBuffer.WakePhases; phase++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100)); // phase p's first wake-up: (p + 1) fifths of the interval
            Assert.Equal(Enumerable.Range(0, phase + 1), Enumerable.Range(0, waiters.Length).Where(i => pending[i].IsCompleted));
        }

        pending = waiters.Select(w => Wait(buffer, w)).ToArray();
        clock.Advance(TimeSpan.FromMilliseconds(50));
        buffer.Append(new byte[10], StreamTitle.Empty, half); // at 550 ms
        clock.Advance(TimeSpan.FromMilliseconds(50));         // 600 ms: phase 0, woken at 100 ms, is due again
        Assert.Equal([0], Enumerable.Range(0, waiters.Length).Where(i => pending[i].IsCompleted));
    }

    [Fact]
    public void Append_WithClock_AfterAStallTheTimerResumesAtThePhasesNextSlot()
    {
        var clock = new TestTimers(TimeSpan.Zero);
        using var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500), clock: clock) { WakeListenersInline = true };
        var waiter = new ListenerWaiter();
        var pending = Wait(buffer, waiter); // phase 0: slots at 100 ms, 600 ms, 1,100 ms ...
        clock.Advance(TimeSpan.FromSeconds(3)); // the source stalled: nothing to write, and the timers stop
        Assert.False(pending.IsCompleted);
        Assert.Equal(BroadcastBuffer.WakePhases, clock.Fired); // each phase's first slot, found empty, and no more

        buffer.Append(new byte[10], StreamTitle.Empty, TimeSpan.FromMilliseconds(20)); // at 3,000 ms
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(pending.IsCompleted); // not at once: all phases woken together would stay one burst
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(pending.IsCompleted); // 3,100 ms, the phase's own slot

        pending = Wait(buffer, waiter);
        buffer.Append(new byte[10], StreamTitle.Empty, TimeSpan.FromMilliseconds(20));
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(pending.IsCompleted); // 3,600 ms
    }

    [Theory]
    [InlineData(30, new[] { 130, 630, 1130, 1630 })]
    [InlineData(300, new[] { 400, 900, 1400, 1900 })] // a loaded machine: the next slot is kept, not skipped
    public void Subscribe_WithClock_ALateTimerDoesNotDelayTheNextWakeUp(int lateMilliseconds, int[] expected)
    {
        // A timer that runs late (queued behind the listeners' writes) must not push the phase's later wake-ups back.
        var clock = new TestTimers(late: TimeSpan.FromMilliseconds(lateMilliseconds));
        using var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500), clock: clock) { WakeListenersInline = true };
        var waiter = new ListenerWaiter();
        var wakes = new List<TimeSpan>();
        var start = clock.GetUtcNow();
        for (int i = 0; i < 4; i++)
        {
            var pending = Wait(buffer, waiter);
            for (int step = 0; step < 100 && !pending.IsCompleted; step++)
            {
                buffer.Append(new byte[10], StreamTitle.Empty, TimeSpan.FromMilliseconds(10));
                clock.Advance(TimeSpan.FromMilliseconds(10));
            }

            Assert.True(pending.IsCompleted, "woken within a second");
            wakes.Add(clock.GetUtcNow() - start);
        }

        Assert.Equal(expected, wakes.Select(w => (int)w.TotalMilliseconds));
    }

    [Fact]
    public void Append_WithAStoppedClock_AudioAloneWakesEachPhaseWithinTwoIntervals()
    {
        // A test's clock that never moves: the timers never fire, and two intervals of audio wake every phase in turn.
        using var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500), clock: new FakeTimeProvider()) { WakeListenersInline = true };
        var waiters = Enumerable.Range(0, BroadcastBuffer.WakePhases).Select(_ => new ListenerWaiter()).ToArray();
        var pending = waiters.Select(w => Wait(buffer, w)).ToArray();
        var wokenAfter = new int[waiters.Length];
        for (int chunk = 1; chunk <= 10; chunk++)
        {
            buffer.Append(new byte[10], StreamTitle.Empty, Chunk);
            for (int i = 0; i < waiters.Length; i++)
            {
                if (wokenAfter[i] == 0 && pending[i].IsCompleted)
                {
                    wokenAfter[i] = chunk;
                }
            }
        }

        Assert.Equal([6, 7, 8, 9, 10], wokenAfter); // a chunk apart, the last after 1 s of audio
    }

    /// <summary>A fake clock whose timers run <paramref name="late"/> after they are due, counting their runs.</summary>
    private sealed class TestTimers(TimeSpan late) : FakeTimeProvider
    {
        public int Fired { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Late(base.CreateTimer(s => { Fired++; callback(s); }, state, Delay(dueTime), period), late);

        private TimeSpan Delay(TimeSpan due) => due == Timeout.InfiniteTimeSpan ? due : due + late;

        private sealed class Late(ITimer inner, TimeSpan late) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) =>
                inner.Change(dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime + late, period);

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    [Fact]
    public void Dispose_WithClock_StopsTheTimers()
    {
        var clock = new FakeTimeProvider();
        var buffer = new BroadcastBuffer(100_000, TimeSpan.FromMilliseconds(500), clock: clock) { WakeListenersInline = true };
        var pending = Wait(buffer, new ListenerWaiter());
        buffer.Append(new byte[10], StreamTitle.Empty, TimeSpan.FromMilliseconds(20));
        buffer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(pending.IsCompleted);
    }

    private static Task Wait(BroadcastBuffer buffer, ListenerWaiter waiter)
    {
        waiter.Arm();
        buffer.Subscribe(waiter);
        return waiter.WaitAsync().AsTask();
    }
}
