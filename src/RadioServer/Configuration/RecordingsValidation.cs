using System.Text.RegularExpressions;
using Cronos;

namespace RadioServer.Configuration;

/// <summary>
/// The checks of <c>station.recordings</c> and <c>station.podcasts</c>, called from <see cref="StationConfigLoader"/>'s
/// validation with its <c>check(ok, key, message)</c>, so every problem is reported with where it was written.
/// </summary>
internal static partial class RecordingsValidation
{
    private static readonly string[] KindNames = ["music", "news", "ad", "id"];

    public static void Validate(StationOptions o, Action<bool, string, string> check)
    {
        var r = o.Recordings;
        const string k = "station:recordings";
        if (r.Mount.Length > 0)
        {
            var mount = o.Mounts.FirstOrDefault(m => m.Path == r.Mount);
            check(mount is not null, $"{k}:mount", $"recordings mount '{r.Mount}' is not one of the station's mounts");
            check(mount is null || !mount.IsOgg, $"{k}:mount", $"recordings mount '{r.Mount}' must be an MP3 mount");
        }

        check(r.Folder.Length > 0 && !Path.IsPathRooted(r.Folder) && !r.Folder.Split('/', '\\').Contains(".."), $"{k}:folder",
            $"recordings folder '{r.Folder}' must be a folder inside data_folder");
        check(r.MaxAgeDays is >= 0 and <= 36500, $"{k}:maxagedays", "max_age_days must be between 0 (keep) and 36500");
        check(r.MaxTotalMb is >= 0 and <= 100_000_000, $"{k}:maxtotalmb", "max_total_mb must be 0 (no cap) or more");
        for (int i = 0; i < r.Kinds.Count; i++)
        {
            check(KindNames.Contains(r.Kinds[i]), $"{k}:kinds:{i}", $"recordings kind '{r.Kinds[i]}' is not one of {string.Join(", ", KindNames)}");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < r.Scheduled.Count; i++)
        {
            var s = r.Scheduled[i];
            string key = $"{k}:scheduled:{i}";
            check(s.Name.Trim().Length > 0, $"{key}:name", "a scheduled recording needs a name");
            check(s.Name.Trim().Length == 0 || names.Add(s.Name.Trim()), $"{key}:name", $"scheduled recording '{s.Name}' is declared twice");
            check(s.Minutes is > 0 and <= 1440, $"{key}:minutes", $"minutes {s.Minutes} must be more than 0 and at most 1440");
            check(TryParseCron(s.Cron, out string? error), $"{key}:cron", $"bad cron '{s.Cron}': {error}");
        }

        var p = o.Podcasts;
        const string pk = "station:podcasts";
        check(p.MaxEpisodes is >= 1 and <= 10000, $"{pk}:maxepisodes", "max_episodes must be between 1 and 10000");
        check(p.Image.Length == 0 || IsHttpUrl(p.Image), $"{pk}:image", $"podcasts image '{p.Image}' must be an absolute http(s) URL");
        var feeds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < p.Feeds.Count; i++)
        {
            var f = p.Feeds[i];
            string key = $"{pk}:feeds:{i}";
            check(FeedName().IsMatch(f.Name), $"{key}:name", $"feed name '{f.Name}' must be lower-case letters, digits and dashes (it is the feed's address)");
            check(!FeedName().IsMatch(f.Name) || feeds.Add(f.Name), $"{key}:name", $"feed '{f.Name}' is declared twice");
            check(f.Title.Trim().Length > 0, $"{key}:title", $"feed '{f.Name}' needs a title");
            check(f.Image.Length == 0 || IsHttpUrl(f.Image), $"{key}:image", $"feed image '{f.Image}' must be an absolute http(s) URL");
            check(r.Enabled, $"{key}:name", $"feed '{f.Name}' needs recordings: set recordings mount");
            if (f.Kind.Length > 0)
            {
                check(r.Kinds.Contains(f.Kind), $"{key}:kind", $"feed '{f.Name}' takes kind '{f.Kind}', which recordings kinds does not record");
                check(f.Show.Length == 0 && f.Presenter.Length == 0, $"{key}:kind", $"feed '{f.Name}': kind cannot be combined with show or presenter");
            }
        }
    }

    /// <summary>Parses five cron fields as the schedule file does (Cronos, standard format).</summary>
    public static bool TryParseCron(string text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a cron time is required (five fields, e.g. \"0 7 * * 1-5\")";
            return false;
        }

        try
        {
            _ = CronExpression.Parse(text, CronFormat.Standard);
            return true;
        }
        catch (CronFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static bool IsHttpUrl(string text) => Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex FeedName();
}
