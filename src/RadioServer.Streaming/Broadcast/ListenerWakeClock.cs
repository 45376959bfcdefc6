using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// When a mount's listeners are written to (the ring of audio they read is <see cref="BroadcastBuffer"/>'s). Each
/// listener is woken once per interval, so each socket write carries a few hundred milliseconds (the kernel's per-write
/// cost dominates per-listener CPU). Listeners are spread over <see cref="Phases"/> phases, a fraction of the interval
/// apart, so each wake-up is a fifth of them rather than every listener at once: the writes of thousands of listeners
/// do not bunch into one burst that delays the last of them (and new connections) by its length. They are woken in
/// batches on the thread pool, each batch running its listeners' writes one after another on one thread (as a
/// hand-written server loops over its sockets): no work item per listener, and since every listener subscribes again
/// right after its write, the order, and so each listener's time between writes, stays the same from one wake-up to
/// the next.
/// With a clock (a station's), each phase has a timer and wakes on it, an interval apart, with whatever audio has come.
/// Audio alone arrives in whole chunks (about 100 ms, in the playout's 50 ms blocks), so its wake-ups come up to a chunk
/// late; a hand-written server writes on a timer, and so do we. The audio count still wakes a phase whose timer has not
/// fired after two intervals of audio (a test's stopped clock). Each phase keeps its slot in the interval, so the phases
/// stay spread however late a timer runs. Without a clock, a phase wakes once per interval of audio.
/// </summary>
internal sealed class ListenerWakeClock : IDisposable
{
    /// <summary>
    /// Wake-up phases per interval: five, as a mount's chunks are about a fifth of the default write interval (100 ms
    /// of 500 ms), so each appended chunk wakes one phase. With a shorter interval (or longer chunks) one chunk wakes
    /// several phases at once, as before phases existed. A listener keeps its phase (<see cref="ListenerWaiter.Phase"/>).
    /// </summary>
    internal const int Phases = 5;

    /// <summary>Listeners per thread-pool work item: about a millisecond of socket writes.</summary>
    internal const int BatchSize = 64;

    private readonly TimeSpan _interval;
    private readonly TimeProvider? _clock;
    private readonly Lock _lock = new();
    private readonly TimeSpan[] _phaseSince = new TimeSpan[Phases]; // under _lock: audio since each phase's last wake-up
    private int _nextPhase;       // under _lock: the phase the next new listener takes
    private readonly ITimer?[] _timers = new ITimer?[Phases]; // with a clock: each phase's next wake-up
    private readonly long[] _due = new long[Phases]; // under _lock, with a clock: when each phase's timer is due (clock timestamps)
    private int _phasesWithAudio; // under _lock, with a clock: a bit per phase with audio since its last wake-up
    private int _phasesOverdue;   // under _lock, with a clock: a bit per phase whose timer found no audio
    private bool _disposed;
    private readonly List<ListenerWaiter>[] _waiters = new List<ListenerWaiter>[Phases]; // under _lock: waiting for each phase's next wake-up
    private readonly Lock _signalLock = new();
    private List<ListenerWaiter> _signalling = []; // under _signalLock: the previous wake-up's list, reused
    private readonly ConcurrentQueue<WakeBatch> _idleBatches = new();

    /// <param name="interval">How often each listener is woken: once per this much audio, or of the clock's time.</param>
    /// <param name="clock">When given, each phase wakes on it (see the class); dispose to stop its timers.</param>
    public ListenerWakeClock(TimeSpan interval, TimeProvider? clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        for (int phase = 0; phase < Phases; phase++)
        {
            _waiters[phase] = [];
            // Phase p first wakes after p + 1 fifths of an interval of audio, then once per interval.
            _phaseSince[phase] = TimeSpan.FromTicks(interval.Ticks * (Phases - 1 - phase) / Phases);
        }

        _clock = clock;
        if (clock is not null)
        {
            long now = clock.GetTimestamp();
            for (int phase = 0; phase < Phases; phase++)
            {
                // Phase p's slots: p + 1 fifths of an interval from now, then every interval.
                var first = TimeSpan.FromTicks(interval.Ticks * (phase + 1) / Phases);
                _due[phase] = now + ToTimestamp(first);
                _timers[phase] = clock.CreateTimer(
                    static state => ((PhaseTimer)state!).Wakes.OnTimer((PhaseTimer)state!),
                    new PhaseTimer(this, phase),
                    first,
                    Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>
    /// Tests only: run woken listeners' continuations on the waking thread, so one thread's allocation counter sees a
    /// listener's whole loop. Never in production, where the encoder's thread would do socket writes.
    /// </summary>
    internal bool Inline { get; set; }

    /// <summary>
    /// <paramref name="duration"/> of audio was appended, and listeners can read it: wakes the phases it makes due.
    /// </summary>
    public void AudioArrived(TimeSpan duration)
    {
        int wake = 0; // a bit per phase
        lock (_lock)
        {
            // With a clock, audio alone wakes a phase only after two intervals: the clock has stopped (a test's).
            // Once disposed, the timers are gone and audio alone wakes listeners, as without a clock.
            bool onClock = _clock is not null && !_disposed;
            var phaseInterval = onClock ? 2 * _interval : _interval;
            for (int phase = 0; phase < Phases; phase++)
            {
                if (Due(ref _phaseSince[phase], duration, phaseInterval))
                {
                    wake |= 1 << phase;
                }
            }

            if (onClock)
            {
                _phasesWithAudio = (1 << Phases) - 1;
                WokenOnClock(wake);
                if (_phasesOverdue != 0)
                {
                    // Audio again after a stall: the stopped timers resume at their phases' next slots (not all
                    // at once now, which would put every listener in one burst from then on).
                    ArmTimers(_phasesOverdue, TimeSpan.Zero);
                    _phasesOverdue = 0;
                }
            }
        }

        if (wake != 0)
        {
            Signal(wake);
        }
    }

    /// <summary>Signals <paramref name="waiter"/> at its phase's next wake-up (once); subscribe after arming it and before checking for data.</summary>
    public void Subscribe(ListenerWaiter waiter)
    {
        lock (_lock)
        {
            if (waiter.PhaseOwner != this)
            {
                // A new listener (or one moved here from another mount) takes this mount's next phase in turn.
                waiter.PhaseOwner = this;
                waiter.Phase = _nextPhase;
                _nextPhase = (_nextPhase + 1) % Phases;
            }

            _waiters[waiter.Phase].Add(waiter);
        }
    }

    /// <summary>Adds a chunk's duration to a wake-up's count; true when <paramref name="interval"/> has passed.</summary>
    internal static bool Due(ref TimeSpan since, TimeSpan duration, TimeSpan interval)
    {
        since += duration;
        if (since < interval)
        {
            return false;
        }

        // Keep the remainder (at most one interval): wake-ups then average exactly the interval, and no listener
        // waits a whole chunk longer at every wake (5 chunks of 104.5 ms made every wait 522 ms).
        since = TimeSpan.FromTicks(Math.Min(since.Ticks - interval.Ticks, interval.Ticks));
        return true;
    }

    /// <summary>
    /// A phase's timer fired: wake the phase if audio came since its last wake-up. Else the timer stops (a stalled
    /// source costs nothing) and the next chunk starts it again.
    /// </summary>
    private void OnTimer(PhaseTimer timer)
    {
        if (_lock.IsHeldByCurrentThread)
        {
            // A test clock runs a due timer inside ITimer.Change, called under this lock: run it after, or the phase's
            // state would change in the middle of an update and its listeners be signalled under the lock.
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Wakes.OnTimer(t), timer, preferLocal: false);
            return;
        }

        int bit = 1 << timer.Phase;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if ((_phasesWithAudio & bit) == 0)
            {
                _phasesOverdue |= bit;
                return;
            }

            WokenOnClock(bit);
        }

        Signal(bit);
    }

    /// <summary>Under the lock, with a clock: the phases in <paramref name="phases"/> wake now.</summary>
    private void WokenOnClock(int phases)
    {
        if (phases == 0)
        {
            return;
        }

        for (int phase = 0; phase < Phases; phase++)
        {
            if ((phases & (1 << phase)) != 0)
            {
                _phaseSince[phase] = TimeSpan.Zero; // the audio count starts again too: it wakes the phase only if the clock stops
            }
        }

        _phasesWithAudio &= ~phases;
        ArmTimers(phases, _interval / 10);
    }

    /// <summary>
    /// Under the lock: sets the timers of <paramref name="phases"/> to their next slots at least <paramref name="ahead"/>
    /// from now. Each phase keeps a slot on a grid one interval wide, fixed when the clock was made (phase p at p + 1
    /// fifths): a timer runs a little late (it is queued behind the listeners' writes), and counting the next wait from
    /// its run would add that to every wait and let the phases drift into one another. A phase just woken skips only a
    /// slot less than a tenth of an interval away (a timer run almost a whole interval late), so it is not woken twice
    /// at once; a timer late by less keeps the next slot, so a loaded machine's late wake-up is followed by a short
    /// wait, not a long one.
    /// </summary>
    private void ArmTimers(int phases, TimeSpan ahead)
    {
        long now = _clock!.GetTimestamp();
        long interval = ToTimestamp(_interval);
        for (int phase = 0; phase < Phases; phase++)
        {
            if ((phases & (1 << phase)) == 0)
            {
                continue;
            }

            long due = _due[phase];
            long earliest = now + Math.Max(1, ToTimestamp(ahead));
            if (due < earliest)
            {
                due += ((earliest - due + interval - 1) / interval) * interval;
            }

            _due[phase] = due;
            _timers[phase]!.Change(TimeSpan.FromSeconds((double)(due - now) / _clock.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _clock!.TimestampFrequency);

    /// <summary>Stops the phases' timers (with a clock); listeners still waiting are woken by audio alone.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        foreach (var timer in _timers)
        {
            timer?.Dispose();
        }
    }

    private sealed record PhaseTimer(ListenerWakeClock Wakes, int Phase);

    private void Signal(int phases)
    {
        for (int phase = 0; phase < Phases; phase++)
        {
            if ((phases & (1 << phase)) != 0)
            {
                Signal(ref _waiters[phase]);
            }
        }
    }

    private void Signal(ref List<ListenerWaiter> waiters)
    {
        // Never under the lock (taken here after the signal lock), on the list swapped out under it: a listener may
        // subscribe again at once.
        lock (_signalLock)
        {
            lock (_lock)
            {
                (_signalling, waiters) = (waiters, _signalling);
            }

            if (Inline)
            {
                foreach (var waiter in _signalling)
                {
                    waiter.Signal(inline: true);
                }
            }
            else
            {
                for (int i = 0; i < _signalling.Count; i += BatchSize)
                {
                    if (!_idleBatches.TryDequeue(out var batch))
                    {
                        batch = new WakeBatch(_idleBatches);
                    }

                    batch.Waiters.AddRange(CollectionsMarshal.AsSpan(_signalling).Slice(i, Math.Min(BatchSize, _signalling.Count - i)));
                    ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
                }
            }

            _signalling.Clear();
        }
    }

    /// <summary>Some listeners to wake on one pool thread, each continuing its loop (its socket write) inline; reused.</summary>
    private sealed class WakeBatch(ConcurrentQueue<WakeBatch> idle) : IThreadPoolWorkItem
    {
        public List<ListenerWaiter> Waiters { get; } = new(BatchSize);

        public void Execute()
        {
            foreach (var waiter in Waiters)
            {
                waiter.Signal(inline: true);
            }

            Waiters.Clear();
            idle.Enqueue(this);
        }
    }
}
