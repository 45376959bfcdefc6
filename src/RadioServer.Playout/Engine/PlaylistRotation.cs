using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Library;

namespace RadioServer.Playout.Engine;

/// <summary>
/// Plays a playlist in order and starts again at the top. The playlist is re-read at the start of every
/// round, so an operator's edit takes effect without a restart; a playlist that cannot be read keeps the
/// last good list.
/// </summary>
public sealed class PlaylistRotation : IItemSelector
{
    private readonly string _playlistPath;
    private readonly Func<string, IReadOnlyList<PlaylistEntry>> _read;
    private readonly ILogger _logger;
    private IReadOnlyList<PlaylistEntry> _entries = [];
    private int _next;
    private int _round;

    public PlaylistRotation(string playlistPath, ILogger? logger = null, Func<string, IReadOnlyList<PlaylistEntry>>? read = null)
    {
        _playlistPath = playlistPath;
        _logger = logger ?? NullLogger.Instance;
        _read = read ?? PlaylistReader.Read;
    }

    /// <summary>A playlist's items carry no transition settings of their own: the station's apply.</summary>
    public TimeSpan TransitionReach => TimeSpan.Zero;

    /// <summary>The next entry in order; <paramref name="airTime"/> does not change a plain rotation.</summary>
    public PlayoutItem? PickNext(DateTimeOffset airTime)
    {
        if (_next >= _entries.Count)
        {
            Reload();
            _next = 0;
            _round++;
            if (_entries.Count == 0)
            {
                return null;
            }
        }

        int index = _next++;
        var entry = _entries[index];
        var track = entry.IsStream ? new TrackInfo(entry.Path, null, entry.ExtInfTitle ?? entry.Path, null) : TagReader.Read(entry.Path, entry.ExtInfTitle);
        string reason = $"playlist {Path.GetFileName(_playlistPath)} in order: entry {index + 1} of {_entries.Count} ({entry.Source}), round {_round}";
        return new PlayoutItem(track, reason, entry.Length);
    }

    private void Reload()
    {
        try
        {
            _entries = _read(_playlistPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or UriFormatException)
        {
            PlayoutLog.PlaylistReadFailed(_logger, _playlistPath, e.Message);
        }
    }
}
