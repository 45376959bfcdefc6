using RadioServer.Configuration;
using RadioServer.Recordings;

namespace RadioServer.Podcasts;

/// <summary>Which recordings a feed lists: its kind's items, or the shows it names (by show and/or presenter), newest first.</summary>
public static class PodcastEpisodes
{
    public static IReadOnlyList<RecordingInfo> For(PodcastFeedOptions feed, IEnumerable<RecordingInfo> recordings, int max)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(recordings);
        return [.. recordings.Where(r => r.Complete && Matches(feed, r)).OrderByDescending(r => r.StartedUtc).Take(max)];
    }

    public static bool Matches(PodcastFeedOptions feed, RecordingInfo recording)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(recording);
        if (feed.Kind.Length > 0)
        {
            return recording.Kind == RecordingKind.Item && string.Equals(recording.Role, feed.Kind, StringComparison.Ordinal);
        }

        return recording.Kind != RecordingKind.Item
            && (feed.Show.Length == 0 || string.Equals(feed.Show.Trim(), recording.Show, StringComparison.OrdinalIgnoreCase))
            && (feed.Presenter.Length == 0 || string.Equals(feed.Presenter, recording.Presenter, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An episode's title: the show and when it aired, in the station's zone (<c>Morning Show – Mon 7 Dec 2026 07:00</c>).</summary>
    public static string Title(RecordingInfo recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{recording.Show} \u2013 {recording.StartedLocal:ddd d MMM yyyy HH:mm}");
    }

    /// <summary>The URL path of a recording's file (each segment escaped), relative to the station's base.</summary>
    public static string FilePath(RecordingInfo recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return "podcasts/files/" + string.Join('/', recording.RelativePath.Split('/').Select(Uri.EscapeDataString));
    }
}
