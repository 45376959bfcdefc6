using Microsoft.Extensions.Time.Testing;
using RadioServer.Playout.Clock;

namespace RadioServer.Tests.Support;

/// <summary>
/// A station clock that starts in the past and catches up with the wall clock as fast as the playout can go, then
/// follows it: minutes of air (history, HLS segments with their program dates) in seconds, after which the station runs
/// in real time for a real listener. It drives a <see cref="FakeTimeProvider"/> (given to <c>RadioServerApp.Build</c>)
/// in lock-step with the <see cref="PlayoutClock"/>: each step moves fake time exactly to the next block's due time and
/// waits until the clock has released it, so the clock never lags (no resync) and every air time the station records is
/// the one a real-time station would have recorded.
/// </summary>
internal sealed class CatchUpClock : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;

    /// <param name="behind">How far in the past the station starts.</param>
    public CatchUpClock(TimeSpan behind)
    {
        Time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - behind);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>Steps after which the playout had not released its block within a second (0 in a healthy run).</summary>
    public int SlowSteps { get; private set; }

    /// <summary>Completes when the station's clock has reached the wall clock.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Starts driving <paramref name="clock"/>, which must have started (released its first block) on <see cref="Time"/>.</summary>
    public void Start(PlayoutClock clock) => _loop = Task.Run(() => RunAsync(clock, _stop.Token));

    private async Task RunAsync(PlayoutClock clock, CancellationToken stop)
    {
        // The clock's start is the fake timestamp when it began: fake time has not moved before this loop.
        long start = Time.GetTimestamp();
        while (clock.BlocksReleased < 1 && !stop.IsCancellationRequested)
        {
            await Task.Delay(5, CancellationToken.None);
        }

        while (!stop.IsCancellationRequested)
        {
            var gap = TimeProvider.System.GetUtcNow() - Time.GetUtcNow();
            if (gap < TimeSpan.FromMilliseconds(5))
            {
                // Caught up: from now on, steps of about 5 ms of real time.
                _caughtUp.TrySetResult();
                await Task.Delay(5, CancellationToken.None);
                continue;
            }

            long due = clock.DueTimestamp(start, clock.BlocksReleased);
            var toDue = TimeSpan.FromSeconds((double)(due - Time.GetTimestamp()) / Time.TimestampFrequency);
            var step = toDue <= TimeSpan.Zero ? TimeSpan.Zero : toDue < gap ? toDue : gap;
            if (step > TimeSpan.Zero)
            {
                Time.Advance(step);
            }

            // The release runs on the thread pool (or inline in Advance): wait for it, but not forever (a stopping station).
            var waited = System.Diagnostics.Stopwatch.StartNew();
            var spin = default(SpinWait);
            while (clock.DueTimestamp(start, clock.BlocksReleased) <= Time.GetTimestamp() && !stop.IsCancellationRequested)
            {
                if (waited.Elapsed > TimeSpan.FromSeconds(1))
                {
                    SlowSteps++;
                    break;
                }

                spin.SpinOnce(); // yields, then sleeps 1 ms: the playout thread needs the core more than this loop
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
