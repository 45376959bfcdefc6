using RadioServer.Playout.Audio;

namespace RadioServer.Benchmarks;

/// <summary>The shipped demo files the benchmarks run on.</summary>
internal static class DemoAudio
{
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, "playlists", relative);

    /// <summary>Decodes a whole file to the station format (44.1 kHz stereo).</summary>
    public static float[] DecodeToStation(string path)
    {
        using var decoder = new Mp3FileSampleProvider(path);
        var converted = StationFormat.Default.Convert(decoder);
        var all = new List<float>();
        var buffer = new float[44100];
        int n;
        while ((n = converted.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return [.. all];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "RadioServer.sln")))
            {
                return dir.FullName;
            }
        }

        // BenchmarkDotNet runs from a generated folder under bin/; fall back to the working directory.
        return Directory.GetCurrentDirectory();
    }
}
