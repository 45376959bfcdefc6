using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Durations without files: a fixed table, else a length derived from the path (stable, 150–270 s).</summary>
internal sealed class FakeDurations(IReadOnlyDictionary<string, TimeSpan>? table = null) : IDurationSource
{
    public TimeSpan? DurationOf(string path) =>
        table is not null && table.TryGetValue(path, out var d) ? d : TimeSpan.FromSeconds(150 + (StableHash(path) % 120) + 0.437);

    private static int StableHash(string s)
    {
        int h = 17;
        foreach (char c in s)
        {
            h = unchecked((h * 31) + c);
        }

        return Math.Abs(h % 100_000);
    }
}
