using System.Collections.Concurrent;

namespace RadioServer.Safety;

/// <summary>
/// Slows down a client address that keeps failing admin or source logins: the first
/// <see cref="FreeFailures"/> failures cost nothing (a presenter mistyping), each further one doubles the wait
/// before that address's next login is even checked, from 1 s up to <see cref="MaxDelay"/>. An address is
/// forgiven <see cref="Forget"/> after its last failure. Keyed by the real address (never the privacy form), and
/// bounded in size so a flood of addresses cannot grow it without end.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int FreeFailures = 3;

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(16);

    public static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);

    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _failures = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset Last);

    /// <summary>How long <paramref name="ip"/> waits before its login is checked (zero for most).</summary>
    public TimeSpan DelayFor(string ip)
    {
        if (!_failures.TryGetValue(ip, out var entry))
        {
            return TimeSpan.Zero;
        }

        if (time.GetUtcNow() - entry.Last > Forget)
        {
            _failures.TryRemove(ip, out _);
            return TimeSpan.Zero;
        }

        int over = entry.Failures - FreeFailures;
        return over <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, Math.Pow(2, Math.Min(over - 1, 10))));
    }

    /// <summary>Waits as long as <see cref="DelayFor"/> says.</summary>
    public Task WaitAsync(string ip, CancellationToken cancellationToken)
    {
        var delay = DelayFor(ip);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
    }

    /// <summary>Counts a failed login from <paramref name="ip"/>; returns its failures so far.</summary>
    public int Failed(string ip)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTracked)
        {
            foreach (var (key, entry) in _failures)
            {
                if (now - entry.Last > Forget)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        return _failures.AddOrUpdate(ip, _ => new Entry(1, now), (_, e) => new Entry(now - e.Last > Forget ? 1 : e.Failures + 1, now)).Failures;
    }

    /// <summary>A good login clears the address's record.</summary>
    public void Succeeded(string ip) => _failures.TryRemove(ip, out _);
}
