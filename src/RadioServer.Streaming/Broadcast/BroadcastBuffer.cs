namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// A mount's recent audio: a bounded ring of immutable chunks with sequence numbers. One writer (the mount's
/// encoder) appends; any number of listeners read lock-free through their own cursor (a sequence number).
/// No listener gets its own copy of the audio. A listener whose cursor falls behind the oldest chunk reads
/// <see cref="ChunkRead.Gone"/> and is disconnected alone.
/// Each listener is woken once per <see cref="WakeInterval"/> of new audio, so each socket write carries a few
/// hundred milliseconds (the kernel's per-write cost dominates per-listener CPU). Listeners are spread over
/// <see cref="WakePhases"/> phases, a fraction of the interval apart, so each chunk wakes a fifth of them rather
/// than every listener at once: the writes of thousands of listeners no longer bunch into one burst that delays
/// the last of them (and new connections) by its length. They are woken in batches on the thread pool, each batch running its listeners' writes one after another on one thread (as a
/// hand-written server loops over its sockets): no work item per listener, and since every listener subscribes
/// again right after its write, the order, and so each listener's time between writes, stays the same from one
/// wake-up to the next.
/// With a clock (a station's), each phase also has a timer: the phases then wake on the clock, an interval apart,
/// with whatever audio has come. Audio alone arrives in whole chunks (about 100 ms, in the playout's 50 ms blocks),
/// so its wake-ups come up to a chunk late; a hand-written server writes on a timer, and so do we. The audio count
/// still wakes a phase whose timer has not fired after two intervals of audio (a test's stopped clock). Each phase
/// keeps its slot in the interval, so the phases stay spread however late a timer runs.
/// </summary>
public sealed class BroadcastBuffer : IDisposable
{
    private readonly BroadcastChunk?[] _ring;
    private readonly int _mask;
    private readonly long _maxBytes;
    private readonly Lock _appendLock = new();
    private long _head;           // next sequence to be written
    private long _tail;           // oldest sequence still held
    private long _bytes;
    private TimeSpan _sinceWake;  // for NextWake
    private readonly TimeSpan[] _phaseSince = new TimeSpan[WakePhases];
    private int _nextPhase; // under _appendLock: the phase the next new listener takes
    private readonly TimeProvider? _clock;
    private readonly ITimer?[] _phaseTimers = new ITimer?[WakePhases]; // with a clock: each phase's next wake-up
    private readonly long[] _phaseDue = new long[WakePhases]; // under _appendLock, with a clock: when each phase's timer is due (clock timestamps)
    private int _phasesWithAudio; // under _appendLock, with a clock: a bit per phase with audio since its last wake-up
    private int _phasesOverdue;   // under _appendLock, with a clock: a bit per phase whose timer found no audio
    private bool _disposed;
    private TaskCompletionSource? _wake; // created only when someone asks for NextWake
    private readonly Lock _signalLock = new();
    private readonly List<ListenerWaiter>[] _waiters = new List<ListenerWaiter>[WakePhases]; // listener pumps waiting for their phase's next wake-up
    private List<ListenerWaiter> _signalling = []; // the previous wake-up's list, reused
    private readonly System.Collections.Concurrent.ConcurrentQueue<WakeBatch> _idleBatches = new();

    /// <summary>Listeners per thread-pool work item: about a millisecond of socket writes.</summary>
    internal const int WakeBatchSize = 64;

    /// <summary>
    /// Wake-up phases per interval: five, as a mount's chunks are about a fifth of the default write interval (100 ms
    /// of 500 ms), so each appended chunk wakes one phase. With a shorter interval (or longer chunks) one chunk wakes
    /// several phases at once, as before phases existed. A listener keeps its phase (<see cref="ListenerWaiter.Phase"/>).
    /// </summary>
    internal const int WakePhases = 5;

    /// <param name="maxBytes">How much encoded audio is kept (the queue a slow listener may lag by).</param>
    /// <param name="wakeInterval">
    /// How often each listener is woken: once per this much new audio, or with a <paramref name="clock"/>, once per this
    /// much of the clock's time.
    /// </param>
    /// <param name="maxChunks">The most chunks held, whatever their size.</param>
    /// <param name="clock">
    /// When given, listeners are woken on it, each phase once per <paramref name="wakeInterval"/> of its time (with the
    /// audio that has come), rather than only on arriving audio; dispose the buffer to stop its timers.
    /// </param>
    public BroadcastBuffer(long maxBytes, TimeSpan wakeInterval, int maxChunks = 16384, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(wakeInterval, TimeSpan.Zero);
        int capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)maxChunks);
        _ring = new BroadcastChunk?[capacity];
        _mask = capacity - 1;
        _maxBytes = maxBytes;
        WakeInterval = wakeInterval;
        for (int phase = 0; phase < WakePhases; phase++)
        {
            _waiters[phase] = [];
            // Phase p first wakes after p + 1 fifths of an interval of audio, then once per interval.
            _phaseSince[phase] = TimeSpan.FromTicks(wakeInterval.Ticks * (WakePhases - 1 - phase) / WakePhases);
        }

        _clock = clock;
        if (clock is not null)
        {
            long now = clock.GetTimestamp();
            for (int phase = 0; phase < WakePhases; phase++)
            {
                // Phase p's slots: p + 1 fifths of an interval from now, then every interval.
                var first = TimeSpan.FromTicks(wakeInterval.Ticks * (phase + 1) / WakePhases);
                _phaseDue[phase] = now + ToTimestamp(first);
                _phaseTimers[phase] = clock.CreateTimer(
                    static state => ((PhaseTimer)state!).Buffer.OnPhaseTimer((PhaseTimer)state!),
                    new PhaseTimer(this, phase),
                    first,
                    Timeout.InfiniteTimeSpan);
            }
        }
    }

    public TimeSpan WakeInterval { get; }

    /// <summary>The sequence number the next chunk will get.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>The oldest sequence number still held.</summary>
    public long Tail => Volatile.Read(ref _tail);

    /// <summary>Bytes appended since the buffer was created.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Appends a chunk; the oldest chunks are dropped to stay within the byte limit.</summary>
    public void Append(byte[] data, Icy.StreamTitle title, TimeSpan duration, StreamPreamble? preamble = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        TaskCompletionSource? toWake = null;
        int wakePhases = 0; // a bit per phase to wake
        lock (_appendLock)
        {
            long seq = _head;
            var chunk = new BroadcastChunk(seq, data, title, duration, preamble);
            if (seq - _tail >= _ring.Length)
            {
                DropOldest();
            }

            Volatile.Write(ref _ring[seq & _mask], chunk);
            _bytes += data.Length;
            TotalBytes += data.Length;
            Volatile.Write(ref _head, seq + 1);
            while (_bytes > _maxBytes && _head - _tail > 1)
            {
                DropOldest();
            }

            if (Due(ref _sinceWake, duration, WakeInterval))
            {
                toWake = Interlocked.Exchange(ref _wake, null);
            }

            // With a clock, audio alone wakes a phase only after two intervals: the clock has stopped (a test's).
            // Once disposed, the timers are gone and audio alone wakes listeners, as without a clock.
            bool onClock = _clock is not null && !_disposed;
            var phaseInterval = onClock ? 2 * WakeInterval : WakeInterval;
            for (int phase = 0; phase < WakePhases; phase++)
            {
                if (Due(ref _phaseSince[phase], duration, phaseInterval))
                {
                    wakePhases |= 1 << phase;
                }
            }

            if (onClock)
            {
                _phasesWithAudio = (1 << WakePhases) - 1;
                WokenOnClock(wakePhases);
                if (_phasesOverdue != 0)
                {
                    // Audio again after a stall: the stopped timers resume at their phases' next slots (not all
                    // at once now, which would put every listener in one burst from then on).
                    ArmTimers(_phasesOverdue, TimeSpan.Zero);
                    _phasesOverdue = 0;
                }
            }
        }

        toWake?.TrySetResult();
        if (wakePhases != 0)
        {
            SignalWaiters(wakePhases);
        }
    }

    /// <summary>Adds a chunk's duration to a wake-up's count; true when <paramref name="interval"/> has passed.</summary>
    private static bool Due(ref TimeSpan since, TimeSpan duration, TimeSpan interval)
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
    private void OnPhaseTimer(PhaseTimer timer)
    {
        if (_appendLock.IsHeldByCurrentThread)
        {
            // A test clock runs a due timer inside ITimer.Change, called under this lock: run it after, or the phase's
            // state would change in the middle of an append and its listeners be signalled under the lock.
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Buffer.OnPhaseTimer(t), timer, preferLocal: false);
            return;
        }

        int bit = 1 << timer.Phase;
        lock (_appendLock)
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

        SignalWaiters(bit);
    }

    /// <summary>Under the append lock, with a clock: the phases in <paramref name="phases"/> wake now.</summary>
    private void WokenOnClock(int phases)
    {
        if (phases == 0)
        {
            return;
        }

        for (int phase = 0; phase < WakePhases; phase++)
        {
            if ((phases & (1 << phase)) != 0)
            {
                _phaseSince[phase] = TimeSpan.Zero; // the audio count starts again too: it wakes the phase only if the clock stops
            }
        }

        _phasesWithAudio &= ~phases;
        ArmTimers(phases, WakeInterval / 10);
    }

    /// <summary>
    /// Under the append lock: sets the timers of <paramref name="phases"/> to their next slots at least
    /// <paramref name="ahead"/> from now. Each phase keeps a slot on a grid one interval wide, fixed when the buffer was
    /// made (phase p at p + 1 fifths): a timer runs a little late (it is queued behind the listeners' writes), and
    /// counting the next wait from its run would add that to every wait and let the phases drift into one another.
    /// A phase just woken skips only a slot less than a tenth of an interval away (a timer run almost a whole interval
    /// late), so it is not woken twice at once; a timer late by less keeps the next slot, so a loaded machine's late
    /// wake-up is followed by a short wait, not a long one.
    /// </summary>
    private void ArmTimers(int phases, TimeSpan ahead)
    {
        long now = _clock!.GetTimestamp();
        long interval = ToTimestamp(WakeInterval);
        for (int phase = 0; phase < WakePhases; phase++)
        {
            if ((phases & (1 << phase)) == 0)
            {
                continue;
            }

            long due = _phaseDue[phase];
            long earliest = now + Math.Max(1, ToTimestamp(ahead));
            if (due < earliest)
            {
                due += ((earliest - due + interval - 1) / interval) * interval;
            }

            _phaseDue[phase] = due;
            _phaseTimers[phase]!.Change(TimeSpan.FromSeconds((double)(due - now) / _clock.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _clock!.TimestampFrequency);

    /// <summary>Stops the phases' timers (with a clock); listeners still waiting are woken by audio alone.</summary>
    public void Dispose()
    {
        lock (_appendLock)
        {
            _disposed = true;
        }

        foreach (var timer in _phaseTimers)
        {
            timer?.Dispose();
        }
    }

    private sealed record PhaseTimer(BroadcastBuffer Buffer, int Phase);

    /// <summary>
    /// Tests only: run woken listeners' continuations on the appending thread, so one thread's allocation counter
    /// sees a listener's whole loop. Never in production, where the encoder's thread would do socket writes.
    /// </summary>
    internal bool WakeListenersInline { get; init; }

    /// <summary>Reads chunk <paramref name="sequence"/> without locking.</summary>
    public ChunkRead TryRead(long sequence, out BroadcastChunk? chunk)
    {
        chunk = Volatile.Read(ref _ring[sequence & _mask]);
        if (chunk is not null && chunk.Sequence == sequence)
        {
            return ChunkRead.Ok;
        }

        chunk = null;
        return sequence < Tail ? ChunkRead.Gone : ChunkRead.NotYet;
    }

    /// <summary>
    /// Where a new listener starts: the newest chunks holding at least <paramref name="burstBytes"/> of audio
    /// (or everything held). Chunks start on frame boundaries, so the burst does too.
    /// </summary>
    public long BurstStart(long burstBytes)
    {
        long head = Head;
        long seq = head;
        long total = 0;
        while (total < burstBytes && seq > Tail)
        {
            if (TryRead(seq - 1, out var chunk) != ChunkRead.Ok)
            {
                break;
            }

            total += chunk!.Data.Length;
            seq--;
        }

        return seq;
    }

    /// <summary>A task that completes at the next wake-up; take it before checking for data, then await it.</summary>
    public Task NextWake
    {
        get
        {
            var wake = Volatile.Read(ref _wake);
            if (wake is null)
            {
                var created = NewWake();
                wake = Interlocked.CompareExchange(ref _wake, created, null) ?? created;
            }

            return wake.Task;
        }
    }

    /// <summary>Signals <paramref name="waiter"/> at its phase's next wake-up (once); subscribe after arming it and before checking for data.</summary>
    internal void Subscribe(ListenerWaiter waiter)
    {
        lock (_appendLock)
        {
            if (waiter.PhaseOwner != this)
            {
                // A new listener (or one moved here from another mount) takes this mount's next phase in turn.
                waiter.PhaseOwner = this;
                waiter.Phase = _nextPhase;
                _nextPhase = (_nextPhase + 1) % WakePhases;
            }

            _waiters[waiter.Phase].Add(waiter);
        }
    }

    private void SignalWaiters(int phases)
    {
        for (int phase = 0; phase < WakePhases; phase++)
        {
            if ((phases & (1 << phase)) != 0)
            {
                SignalWaiters(ref _waiters[phase]);
            }
        }
    }

    private void SignalWaiters(ref List<ListenerWaiter> waiters)
    {
        // Never under the append lock (taken here after the signal lock), on the list swapped out under it: a listener
        // may subscribe again at once.
        lock (_signalLock)
        {
            lock (_appendLock)
            {
                (_signalling, waiters) = (waiters, _signalling);
            }

            if (WakeListenersInline)
            {
                foreach (var waiter in _signalling)
                {
                    waiter.Signal(inline: true);
                }
            }
            else
            {
                for (int i = 0; i < _signalling.Count; i += WakeBatchSize)
                {
                    if (!_idleBatches.TryDequeue(out var batch))
                    {
                        batch = new WakeBatch(_idleBatches);
                    }

                    batch.Waiters.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_signalling).Slice(i, Math.Min(WakeBatchSize, _signalling.Count - i)));
                    ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
                }
            }

            _signalling.Clear();
        }
    }

    /// <summary>Some listeners to wake on one pool thread, each continuing its loop (its socket write) inline; reused.</summary>
    private sealed class WakeBatch(System.Collections.Concurrent.ConcurrentQueue<WakeBatch> idle) : IThreadPoolWorkItem
    {
        public List<ListenerWaiter> Waiters { get; } = new(WakeBatchSize);

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

    private void DropOldest()
    {
        long seq = _tail;
        var old = _ring[seq & _mask];
        if (old is not null && old.Sequence == seq)
        {
            _bytes -= old.Data.Length;
            _ring[seq & _mask] = null;
        }

        Volatile.Write(ref _tail, seq + 1);
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
