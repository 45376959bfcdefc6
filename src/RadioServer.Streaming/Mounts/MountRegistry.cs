using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using RadioServer.Playout.Audio;

namespace RadioServer.Streaming.Mounts;

/// <summary>The station's mounts by URL path (case-sensitive, as Icecast matches them).</summary>
public sealed partial class MountRegistry(IEnumerable<Mount> mounts, DateTimeOffset started) : IDisposable
{
    private readonly Dictionary<string, Mount> _byPath = mounts.ToDictionary(m => m.Path, StringComparer.Ordinal);

    /// <summary>When the mounts started streaming: the server's start (Icecast's <c>server_start</c>).</summary>
    public DateTimeOffset Started { get; } = started;

    /// <summary>
    /// One mount per option set, each encoding from a bus in <paramref name="format"/>; with a <paramref name="meter"/>,
    /// they publish their encoders' figures against <paramref name="busSeconds"/>; with a <paramref name="clock"/>, their
    /// listeners are written to on it.
    /// </summary>
    public static MountRegistry Create(IEnumerable<MountOptions> options, StationFormat format, DateTimeOffset started, Meter? meter = null,
        Func<double>? busSeconds = null, TimeProvider? clock = null) =>
        new([.. options.Select(o => Mount.Create(o, format, started, clock))], started, meter, busSeconds ?? (static () => 0));

    public IReadOnlyCollection<Mount> All => _byPath.Values;

    public bool TryGet(string path, [NotNullWhen(true)] out Mount? mount) => _byPath.TryGetValue(path, out mount);

    public void Dispose()
    {
        foreach (var m in _byPath.Values)
        {
            m.Dispose();
        }
    }
}
