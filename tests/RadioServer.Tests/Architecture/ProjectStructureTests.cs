using System.Reflection;
using System.Text.RegularExpressions;
using RadioServer.Playout;
using RadioServer.Streaming.Mounts;

namespace RadioServer.Tests.Architecture;

/// <summary>
/// The project's shape, checked on the source tree: the host's folders import each other without a loop, the
/// projects depend one way (host → Streaming → Playout, no ASP.NET Core below the host), every log event id is
/// unique and in its area's range, and every file the code and docs point at exists.
/// </summary>
[Trait("Layer", "Unit")]
public partial class ProjectStructureTests
{
    private static readonly string Root = Configuration.StationConfigTests.FindRoot();

    [Fact]
    public void HostFolders_ImportEachOther_WithoutALoop()
    {
        string host = Path.Combine(Root, "src", "RadioServer");
        var folders = Directory.GetDirectories(host).Select(d => Path.GetFileName(d)!).Where(f => f is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal);
        var edges = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (string folder in folders)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(host, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match m in HostNamespace().Matches(File.ReadAllText(file)))
                {
                    string target = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        edges[folder].Add(target);
                    }
                }
            }
        }

        var cycle = FindCycle(edges);
        Assert.True(cycle is null, $"host folders import each other in a loop: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void Projects_DependOneWay_NoAspNetCoreBelowTheHost()
    {
        static string[] References(Assembly a) => [.. a.GetReferencedAssemblies().Select(r => r.Name!)];
        var playout = References(typeof(StationPlayout).Assembly);
        var streaming = References(typeof(MountRegistry).Assembly);
        Assert.DoesNotContain(playout, r => r.StartsWith("RadioServer", StringComparison.Ordinal));
        Assert.DoesNotContain(playout, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(streaming, r => r is "RadioServer" || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void LogEventIds_UniqueAcrossProjects_AndInTheirAreaRanges()
    {
        var ids = new Dictionary<int, string>();
        foreach (var assembly in new[] { typeof(StationPlayout).Assembly, typeof(MountRegistry).Assembly, typeof(Hosting.RadioServerApp).Assembly })
        {
            foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is not { } attribute)
                {
                    continue;
                }

                string name = $"{method.DeclaringType!.FullName}.{method.Name}";
                Assert.True(ids.TryAdd(attribute.EventId, name), $"event id {attribute.EventId} is used by {ids.GetValueOrDefault(attribute.EventId)} and {name}");
                Assert.InRange(attribute.EventId, 1000, 4999); // docs/logging.md: 1xxx Playout, 2xxx Streaming, 3xxx and 4xxx host
            }
        }

        Assert.True(ids.Count > 30, $"only {ids.Count} log messages found");
    }

    [Fact]
    public void SourceAndDocs_PointOnlyAtFilesThatExist()
    {
        var missing = new List<string>();
        var files = new[] { "src", "docs", "bench", "scripts", "config" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "README.md"));
        foreach (string file in files)
        {
            foreach (Match m in RepoPath().Matches(File.ReadAllText(file)))
            {
                string path = m.Groups[1].Value.TrimEnd('.', ',', ')');
                string fromRoot = Path.GetFullPath(Path.Combine(Root, path));
                string fromFile = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                if (!(InRepo(fromRoot) && File.Exists(fromRoot)) && !(InRepo(fromFile) && File.Exists(fromFile)))
                {
                    missing.Add($"{Path.GetRelativePath(Root, file)}: {path}");
                }
            }
        }

        Assert.True(missing.Count == 0, "references to files that do not exist:\n" + string.Join('\n', missing));
    }

    private static bool InRepo(string path) => path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>A loop in the import graph, as a path that returns to its start; null when there is none.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = edges.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal); // 0 new, 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (string next in edges[node].Order(StringComparer.Ordinal))
            {
                if (state[next] == 1)
                {
                    return [.. path.SkipWhile(p => p != next), next];
                }

                if (state[next] == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return edges.Keys.Order(StringComparer.Ordinal).Select(k => state[k] == 0 ? Visit(k) : null).FirstOrDefault(c => c is not null);
    }

    /// <summary>
    /// A host namespace in a using directive (<c>using RadioServer.Icecast;</c>) or a qualified name in code
    /// (<c>RadioServer.Icecast.StreamHeaders</c>); not a string such as a meter's name.
    /// </summary>
    [GeneratedRegex(@"^using\s+(?:static\s+)?RadioServer\.([A-Z][A-Za-z]+)[\s;.]|(?<![""\w.])RadioServer\.([A-Z][A-Za-z]+)\.[A-Z]", RegexOptions.Multiline)]
    private static partial Regex HostNamespace();

    /// <summary>A path into the repository as code comments and docs write it: <c>docs/x.md</c>, <c>src/…/y.cs</c>, <c>../shared/…</c>.</summary>
    [GeneratedRegex(@"(?<![\w/.-])((?:\.\./)*(?:docs|src|tests|bench|scripts|config|playlists|shared)/[\w./-]+\.(?:md|cs|sh|yaml|json|png|txt))(?![\w])")]
    private static partial Regex RepoPath();
}
