namespace RadioServer.Playout.Tests;

/// <summary>The shipped demo library (real LAME-encoded MP3s of several shapes) and scratch copies of it.</summary>
internal static class DemoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Playlists => Path.Combine(Root, "playlists");

    /// <summary>44.1 kHz stereo CBR 128k, ID3v2-tagged (see playlists/README.md).</summary>
    public static string Cbr44Stereo => Path.Combine(Playlists, "music", "01-ojo-ayo.mp3");

    public static IEnumerable<string> AllMp3 => Directory.EnumerateFiles(Playlists, "*.mp3", SearchOption.AllDirectories);

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "radioserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RadioServer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("RadioServer.sln not found above the test binaries");
    }
}
