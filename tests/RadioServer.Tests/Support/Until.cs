using System.Diagnostics;

namespace RadioServer.Tests.Support;

/// <summary>Waits for a condition with a deadline (never a fixed sleep standing in for "long enough"), polling it.</summary>
internal static class Until
{
    /// <summary>True as soon as <paramref name="condition"/> holds; false when <paramref name="limit"/> passed first.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>Fails the test, naming <paramref name="what"/>, unless <paramref name="condition"/> holds within <paramref name="limit"/>.</summary>
    public static async Task AssertAsync(Func<bool> condition, string what, TimeSpan limit) =>
        Assert.True(await TrueAsync(condition, limit), $"waited {limit.TotalSeconds:0.#} s for {what}");
}
