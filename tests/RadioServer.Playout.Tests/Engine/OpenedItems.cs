using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;

namespace RadioServer.Playout.Tests.Engine;

/// <summary>Opening test files the way the engine does, and reading them out whole.</summary>
internal static class OpenedItems
{
    public static PlayoutItem Item(string path) => new(new TrackInfo(path, null, "t", null), "test");

    /// <summary>Every sample of <paramref name="opened"/>, which is disposed afterwards.</summary>
    public static float[] ReadAll(OpenedItem opened)
    {
        using (opened)
        {
            var all = new List<float>();
            var buffer = new float[8192];
            int n;
            while ((n = opened.Samples!.Read(buffer)) > 0)
            {
                all.AddRange(buffer.AsSpan(0, n));
            }

            return [.. all];
        }
    }
}
