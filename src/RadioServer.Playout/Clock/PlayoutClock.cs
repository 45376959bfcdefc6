using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Clock;

/// <summary>
/// The one place where real time paces the station. Block <c>n</c> is released at
/// <c>start + n × blockDuration</c> on the monotonic clock of the injected <see cref="TimeProvider"/>
/// (never a relative sleep), computed exactly in integer sample arithmetic, so the stream does not drift
/// however long it runs. After a stall longer than <see cref="MaxLag"/> (a suspended VM, a debugger) the
/// schedule is moved forward instead of bursting minutes of catch-up audio; no audio is dropped.
/// </summary>
public sealed partial class PlayoutClock(TimeProvider time, int sampleRate, int blockFrames, ILogger logger)
{
    /// <summary>How far behind the clock playout may fall before it re-bases instead of catching up.</summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromSeconds(5);

    private long _stalls;
    private long _lateBlocks;

    /// <summary>Blocks released so far.</summary>
    public long BlocksReleased { get; private set; }

    /// <summary>Times playout fell more than <see cref="MaxLag"/> behind and re-based (the machine stalled). Thread-safe.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>
    /// Blocks released more than one block late: the playout thread did not get the CPU in time. Listeners' buffers
    /// absorb a few; a steady rise means the machine is too slow for its mounts. Thread-safe.
    /// </summary>
    public long LateBlocks => Interlocked.Read(ref _lateBlocks);

    /// <summary>Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which block <paramref name="n"/> is due.</summary>
    public long DueTimestamp(long start, long n) =>
        start + (long)((Int128)n * blockFrames * time.TimestampFrequency / sampleRate);

    /// <summary>Calls <paramref name="releaseBlock"/> once per block, each at its due time, until cancelled.</summary>
    public async Task RunAsync(Action releaseBlock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(releaseBlock);
        long start = time.GetTimestamp();
        long maxLagTicks = (long)(MaxLag.TotalSeconds * time.TimestampFrequency);
        long n = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            long due = DueTimestamp(start, n);
            long now = time.GetTimestamp();
            if (now < due)
            {
                var wait = TimeSpan.FromSeconds((double)(due - now) / time.TimestampFrequency);
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken)
                    .ConfigureAwait(false);
                continue;
            }

            if (now - due > maxLagTicks)
            {
                ClockResync(logger, (long)((now - due) * 1000.0 / time.TimestampFrequency));
                Interlocked.Increment(ref _stalls);
                start += now - due;
            }
            else if (now - due > DueTimestamp(0, 1))
            {
                Interlocked.Increment(ref _lateBlocks);
            }

            releaseBlock();
            BlocksReleased = ++n;
        }
    }

    [LoggerMessage(PlayoutLogIds.Engine + 4, LogLevel.Warning, "Playout fell {LagMs} ms behind the clock (machine stalled?); resynchronising without dropping audio")]
    private static partial void ClockResync(ILogger logger, long lagMs);
}
