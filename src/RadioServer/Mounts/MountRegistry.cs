using System.Diagnostics.CodeAnalysis;

namespace RadioServer.Mounts;

/// <summary>The station's mounts by URL path (case-sensitive, as Icecast matches them).</summary>
public sealed partial class MountRegistry(IEnumerable<Mount> mounts) : IDisposable
{
    private readonly Dictionary<string, Mount> _byPath = mounts.ToDictionary(m => m.Path, StringComparer.Ordinal);

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
