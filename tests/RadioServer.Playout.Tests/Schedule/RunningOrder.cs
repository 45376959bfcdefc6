using RadioServer.Playout.Library;
using RadioServer.Playout.Schedule;

namespace RadioServer.Playout.Tests.Schedule;

/// <summary>Checks over a running order, shared by the week and time-zone tests.</summary>
internal static class RunningOrder
{
    public static bool IsMusic(RunningOrderEntry e) =>
        e.Item?.Reason is { } r && (r.StartsWith("daypart", StringComparison.Ordinal) || r.StartsWith("default rotation", StringComparison.Ordinal)
                                    || r.StartsWith("override", StringComparison.Ordinal) || r.StartsWith("fallback", StringComparison.Ordinal)
                                    || r.StartsWith("operator request", StringComparison.Ordinal));

    public static bool IsStationId(RunningOrderEntry e) => e.Item?.Reason.StartsWith("station ID", StringComparison.Ordinal) == true;

    public static bool IsInsert(RunningOrderEntry e, string name) => e.Item?.Reason.Contains($"insert '{name}'", StringComparison.Ordinal) == true;

    /// <summary>Asserts that every item starts where the one before ended, and no silence was needed.</summary>
    public static void AssertNoGaps(IReadOnlyList<RunningOrderEntry> order)
    {
        Assert.DoesNotContain(order, e => e.Item is null);
        for (int i = 1; i < order.Count; i++)
        {
            Assert.Equal(order[i - 1].End, order[i].Start);
        }
    }

    /// <summary>Asserts that exactly <paramref name="every"/> music tracks aired before each station ID.</summary>
    public static int AssertStationIdEvery(IReadOnlyList<RunningOrderEntry> order, int every)
    {
        int music = 0;
        int ids = 0;
        foreach (var e in order)
        {
            if (IsStationId(e))
            {
                Assert.True(music == every, $"station ID at {e.Start:O} after {music} music tracks");
                music = 0;
                ids++;
            }
            else if (IsMusic(e))
            {
                music++;
                Assert.True(music <= every, $"{music} music tracks in a row without a station ID at {e.Start:O}");
            }
        }

        return ids;
    }

    /// <summary>
    /// Music entries (those picked by <paramref name="picked"/>, default all) whose title or artist started less than
    /// the window before in any music entry (unless the pick said it relaxed the window).
    /// </summary>
    public static List<string> WindowViolations(IReadOnlyList<RunningOrderEntry> order, TimeSpan titleWindow, TimeSpan artistWindow, Func<RunningOrderEntry, bool>? picked = null)
    {
        var music = order.Where(IsMusic).ToList();
        var violations = new List<string>();
        for (int i = 0; i < music.Count; i++)
        {
            var t = music[i].Item!.Track;
            if (music[i].Item!.Reason.Contains("relaxed", StringComparison.Ordinal) || (picked is not null && !picked(music[i])))
            {
                continue;
            }

            for (int j = i - 1; j >= 0 && music[j].Start > music[i].Start - Max(titleWindow, artistWindow); j--)
            {
                var p = music[j].Item!.Track;
                if (music[j].Start > music[i].Start - titleWindow && Title(p) == Title(t))
                {
                    violations.Add($"{music[i].Start:O} title {Title(t)} again after {(music[i].Start - music[j].Start).TotalSeconds} s");
                }

                if (music[j].Start > music[i].Start - artistWindow && ArtistNames.Split(p.Artist).Intersect(ArtistNames.Split(t.Artist)).Any())
                {
                    violations.Add($"{music[i].Start:O} artist {t.Artist} again after {(music[i].Start - music[j].Start).TotalSeconds} s");
                }
            }
        }

        return violations;
    }

    private static string Title(TrackInfo t) => (t.Title ?? Path.GetFileNameWithoutExtension(t.Path)).ToLowerInvariant();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
