using System.Collections.Concurrent;
using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Schedule;

/// <summary>Durations from <see cref="Mp3Probe"/> (frame headers only), cached per path.</summary>
public sealed class ProbeDurationSource : IDurationSource
{
    private readonly ConcurrentDictionary<string, TimeSpan?> _cache = new(StringComparer.Ordinal);

    public TimeSpan? DurationOf(string path) =>
        _cache.GetOrAdd(path, static p => Mp3Probe.Probe(p) is { IsPlayable: true } r ? r.Duration : null);
}
