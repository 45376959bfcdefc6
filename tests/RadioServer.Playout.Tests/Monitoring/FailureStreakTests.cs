using RadioServer.Playout.Monitoring;

namespace RadioServer.Playout.Tests.Monitoring;

public class FailureStreakTests
{
    [Fact]
    public void ARepeatedFailure_IsWorthOneLine_ADifferentOneAnother_AndSuccessEndsTheStreak()
    {
        var streak = new FailureStreak(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));

        Assert.True(streak.Failed(new IOException("disk full")));
        Assert.False(streak.Failed(new IOException("disk full")));
        Assert.False(streak.Failed(new IOException("disk full")));
        Assert.True(streak.Failed(new UnauthorizedAccessException("read-only")));
        Assert.Equal(4, streak.Count);

        Assert.Equal(4, streak.Succeeded());
        Assert.Equal(0, streak.Succeeded());
        Assert.True(streak.Failed(new IOException("disk full")), "after a success the same fault is news again");
    }

    [Fact]
    public void Backoff_DoublesWithinAStreak_UpToTheMaximum_AndStartsAgainAfterSuccess()
    {
        var streak = new FailureStreak(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
        var seen = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            streak.Failed("down");
            seen.Add(streak.Backoff.TotalSeconds);
        }

        Assert.Equal([1, 2, 4, 8, 8, 8], seen);
        streak.Succeeded();
        streak.Failed("down");
        Assert.Equal(1, streak.Backoff.TotalSeconds);
    }

    [Fact]
    public void IsSurvivable_EverythingButFatalStatesAndAskedForCancellation()
    {
        using var stopping = new CancellationTokenSource();
        Assert.True(FailureStreak.IsSurvivable(new UnauthorizedAccessException(), stopping.Token));
        Assert.True(FailureStreak.IsSurvivable(new InvalidOperationException(), stopping.Token));
        Assert.True(FailureStreak.IsSurvivable(new OperationCanceledException(), stopping.Token), "a timeout of its own is a failure");
#pragma warning disable CA2201 // the runtime throws it; the test needs one to hand
        Assert.False(FailureStreak.IsSurvivable(new OutOfMemoryException(), stopping.Token));
#pragma warning restore CA2201

        stopping.Cancel();
        Assert.False(FailureStreak.IsSurvivable(new OperationCanceledException(stopping.Token), stopping.Token));
        Assert.True(FailureStreak.IsSurvivable(new IOException(), stopping.Token));
    }
}
