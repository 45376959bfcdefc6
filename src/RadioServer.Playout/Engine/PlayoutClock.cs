using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Engine;

/// <summary>
/// The one place where real time paces the station. Block <c>n</c> is released at
/// <c>start + n × blockDuration</c> on the monotonic clock of the injected <see cref="TimeProvider"/>
/// (never a relative sleep), computed exactly in integer sample arithmetic, so the stream does not drift
/// however long it runs. After a stall longer than <see cref="MaxLag"/> (a suspended VM, a debugger) the
/// schedule is moved forward instead of bursting minutes of catch-up audio; no audio is dropped.
/// </summary>
public sealed class PlayoutClock(TimeProvider time, int sampleRate, int blockFrames, ILogger logger)
{
    /// <summary>How far behind the clock playout may fall before it re-bases instead of catching up.</summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Blocks released so far.</summary>
    public long BlocksReleased { get; private set; }

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
                PlayoutLog.ClockResync(logger, (long)((now - due) * 1000.0 / time.TimestampFrequency));
                start += now - due;
            }

            releaseBlock();
            BlocksReleased = ++n;
        }
    }
}
