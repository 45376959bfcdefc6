namespace RadioServer.Stats;

/// <summary>One ended listener session as stored: <paramref name="Ip"/> already in the configured privacy form (or null).</summary>
public sealed record SessionRecord(string Mount, DateTimeOffset StartedUtc, DateTimeOffset EndedUtc, long Bytes, string? UserAgent, string? Ip, string EndReason)
{
    public TimeSpan Duration => EndedUtc - StartedUtc;
}
