namespace RadioServer.Recordings;

/// <summary>
/// Which finished recordings retention deletes: those older than the age limit, then, oldest first, as many as it
/// takes to bring the total under the size cap. Pure: the <see cref="RecordingWriter"/> deletes what this picks.
/// </summary>
public static class RecordingRetention
{
    /// <param name="recordings">The finished recordings (any order).</param>
    /// <param name="now">The time ages count to.</param>
    /// <param name="maxAge">Older recordings go (null: no age limit).</param>
    /// <param name="maxTotalBytes">The total kept at most (0: no cap).</param>
    /// <param name="otherBytes">Bytes counted besides (recordings still being written).</param>
    public static IReadOnlyList<(RecordingInfo Recording, string Why)> Select(IEnumerable<RecordingInfo> recordings, DateTimeOffset now, TimeSpan? maxAge,
        long maxTotalBytes, long otherBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        var oldestFirst = recordings.OrderBy(r => r.StartedUtc).ToList();
        var doomed = new List<(RecordingInfo, string)>();
        long total = otherBytes + oldestFirst.Sum(r => r.Bytes);
        foreach (var r in oldestFirst)
        {
            if (maxAge is { } age && now - r.StartedUtc > age)
            {
                doomed.Add((r, $"older than {age.TotalDays:0.##} days"));
            }
            else if (maxTotalBytes > 0 && total > maxTotalBytes)
            {
                doomed.Add((r, $"the recordings passed {maxTotalBytes / (1024.0 * 1024.0):0.##} MB"));
            }
            else
            {
                continue;
            }

            total -= r.Bytes;
        }

        return doomed;
    }
}
