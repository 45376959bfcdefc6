using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Schedules written as YAML text, parsed as if they lived in the repository's config folder (so playlist paths resolve).</summary>
internal static class ScheduleText
{
    public static string ConfigDir => Path.Combine(DemoFiles.Root, "config");

    public static string DemoPath => Path.Combine(ConfigDir, "schedule.yaml");

    public static ScheduleDefinition Parse(string yaml) => ScheduleLoader.Parse(Path.Combine(ConfigDir, "test.yaml"), yaml);

    /// <summary>A minimal valid schedule in <paramref name="zone"/> with the given extra sections appended.</summary>
    public static string Minimal(string zone, string extra = "") => $"""
        time_zone: {zone}
        playlists:
          music:
            path: ../playlists/music
            rotation: shuffle
          ids:
            path: ../playlists/ids
          news:
            path: ../playlists/news
        default_rotation:
          - playlist: music
        {extra}
        """;
}
