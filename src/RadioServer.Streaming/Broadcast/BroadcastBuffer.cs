namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// A mount's recent audio: a bounded ring of immutable chunks with sequence numbers. One writer (the mount's
/// encoder) appends; any number of listeners read lock-free through their own cursor (a sequence number).
/// No listener gets its own copy of the audio. A listener whose cursor falls behind the oldest chunk reads
/// <see cref="ChunkRead.Gone"/> and is disconnected alone. When listeners are woken to read is the buffer's
/// <see cref="ListenerWakeClock"/>: each once per <see cref="WakeInterval"/>, spread over phases, on the clock when
/// one is given.
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
    private TaskCompletionSource? _wake; // created only when someone asks for NextWake
    private readonly ListenerWakeClock _wakes;

    /// <summary>Wake-up phases per interval (see <see cref="ListenerWakeClock.Phases"/>).</summary>
    internal const int WakePhases = ListenerWakeClock.Phases;

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
        _wakes = new ListenerWakeClock(wakeInterval, clock);
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

            if (ListenerWakeClock.Due(ref _sinceWake, duration, WakeInterval))
            {
                toWake = Interlocked.Exchange(ref _wake, null);
            }
        }

        toWake?.TrySetResult();
        _wakes.AudioArrived(duration); // after the chunk is readable: a listener woken now finds it
    }

    /// <summary>Stops the listeners' wake-up timers (with a clock); listeners still waiting are woken by audio alone.</summary>
    public void Dispose() => _wakes.Dispose();

    /// <summary>
    /// Tests only: run woken listeners' continuations on the waking thread (the appending one, or a clock's timer), so one
    /// thread's allocation counter sees a listener's whole loop. Never in production, where the encoder's thread would do
    /// socket writes.
    /// </summary>
    internal bool WakeListenersInline
    {
        get => _wakes.Inline;
        init => _wakes.Inline = value;
    }

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
    internal void Subscribe(ListenerWaiter waiter) => _wakes.Subscribe(waiter);

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
