using Microsoft.Extensions.Time.Testing;

namespace RadioServer.Tests.Directories;

/// <summary>A <see cref="FakeTimeProvider"/> that also records every timer's due time, so a test can see the wait a loop chose.</summary>
internal sealed class YpTestClock : TimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Due times of the timers created so far, oldest first.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_dueTimes)
            {
                return [.. _dueTimes];
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_dueTimes)
        {
            _dueTimes.Add(dueTime);
        }

        return Fake.CreateTimer(callback, state, dueTime, period);
    }
}
