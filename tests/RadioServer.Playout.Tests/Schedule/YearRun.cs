using RadioServer.Playout.Library;
using RadioServer.Playout.Schedule;
using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>
/// A year of a full programme (dayparts, an overnight daypart, date overrides, hourly hard news, a weekday traffic
/// report due with the news, a fixed-time bulletin at 01:15, a soft promo, IDs every 3) on the real scheduler and the
/// simulator (the engine's timing rules) with synthetic items of seeded, varied lengths. The seed is random per test
/// run unless <c>YEAR_SEED</c> is set; every failure message names it, so a failure can be replayed.
/// </summary>
internal sealed record YearRun(string Zone, int Seed, ScheduleDefinition Schedule, IReadOnlyList<RunningOrderEntry> Order, DateTimeOffset From, DateTimeOffset Until)
{
    public static readonly DateTime FirstDay = new(2027, 1, 1);
    public static readonly TimeSpan Crossfade = TimeSpan.FromSeconds(2);
    public static readonly int Seed0 = int.TryParse(Environment.GetEnvironmentVariable("YEAR_SEED"), out int s) ? s : Random.Shared.Next();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<YearRun>> Runs = new();

    /// <summary>Tells a failure how to replay it.</summary>
    public string Replay => $"zone {Zone}, seed {Seed} (replay: YEAR_SEED={Seed} dotnet test --filter FullyQualifiedName~YearLong)";

    public static YearRun Of(string zone) => Runs.GetOrAdd(zone, z => new Lazy<YearRun>(() => Run(z, Seed0))).Value;

    public static YearRun Run(string zone, int seed)
    {
        var schedule = ScheduleText.Parse(Yaml(zone));
        var random = new Random(seed);
        var music = SyntheticLibrary.Tracks("m", 300, 60);
        var highlife = SyntheticLibrary.Tracks("h", 40, 15);
        var ids = SyntheticLibrary.Tracks("i", 4, 1);
        var news = SyntheticLibrary.Tracks("n", 3, 1);
        var traffic = SyntheticLibrary.Tracks("t", 2, 1);
        var lengths = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        void Lengths(List<TrackInfo> tracks, int min, int max)
        {
            foreach (var t in tracks)
            {
                lengths[t.Path] = TimeSpan.FromMilliseconds(random.Next(min * 1000, max * 1000));
            }
        }

        Lengths(music, 150, 360);
        Lengths(highlife, 180, 420);
        Lengths(ids, 4, 12);
        Lengths(news, 60, 180);
        Lengths(traffic, 30, 90);
        var catalog = SyntheticLibrary.Catalog(("music", music), ("highlife", highlife), ("ids", ids), ("news", news), ("traffic", traffic));
        var scheduler = new Scheduler(schedule, catalog, random: new Random(seed));
        var from = new DateTimeOffset(FirstDay, schedule.Zone.GetUtcOffset(FirstDay));
        var until = from.AddDays(365);
        var station = TransitionSettings.Gapless with { Crossfade = Crossfade };
        return new YearRun(zone, seed, schedule, ScheduleSimulator.Run(scheduler, new FakeDurations(lengths), from, until, station), from, until);
    }

    private static string Yaml(string zone) => $"""
        time_zone: {zone}
        playlists:
          music:
            path: ../playlists/music
            rotation: shuffle
            title_window_minutes: 90
            artist_window_minutes: 30
          highlife:
            path: ../playlists/highlife.pls
            rotation: random
            title_window_minutes: 30
          ids:
            path: ../playlists/ids
            kind: id
          news:
            path: ../playlists/news
            kind: news
            break_fade_seconds: 2
          traffic:
            path: ../playlists/news
            kind: news
        default_rotation:
          - playlist: music
        dayparts:
          - name: Morning Drive
            days: [mon-fri]
            start: "06:00"
            end: "10:00"
            rotation:
              - playlist: music
                weight: 3
              - playlist: highlife
                weight: 1
          - name: Late Night
            days: [fri, sat]
            start: "22:00"
            end: "02:00"
            rotation:
              - playlist: highlife
        overrides:
          - name: Independence Day
            date: "2027-10-01"
            start: "00:00"
            end: "24:00"
            rotation:
              - playlist: highlife
          - name: Christmas Evening
            date: "2027-12-25"
            start: "18:00"
            end: "23:00"
            rotation:
              - playlist: highlife
        inserts:
          - name: News
            cron: "0 * * * *"
            playlist: news
            start: hard
          - name: Traffic
            cron: "0 7,17 * * 1-5"
            playlist: traffic
            start: hard
          - name: Headlines
            cron: "15 1 * * *"
            playlist: news
            start: hard
          - name: Promo
            cron: "30 * * * *"
            playlist: ids
            start: soft
            max_late_seconds: 20
        station_id:
          playlist: ids
          every_tracks: 3
        fallback: music
        """;
}
