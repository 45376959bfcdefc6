using RadioServer.Playout.Transitions;

namespace RadioServer.Playout.Schedule;

/// <summary>A named playlist of the schedule (section <c>playlists</c>).</summary>
/// <param name="Name">The name dayparts and inserts refer to.</param>
/// <param name="Path">Absolute path of the M3U/M3U8/PLS file, folder or MP3 file.</param>
/// <param name="Mode">How its tracks rotate.</param>
/// <param name="TitleWindow">The same title is not played again within this time (zero: no window).</param>
/// <param name="ArtistWindow">The same artist is not played again within this time (zero: no window).</param>
/// <param name="Transition">Its kind (music, news, ad, id) and transition settings, over the station's (null: the station's).</param>
/// <param name="Items">Settings of single tracks, over the playlist's, keyed by file name (or a path ending) as written.</param>
public sealed record PlaylistDefinition(string Name, string Path, RotationMode Mode, TimeSpan TitleWindow, TimeSpan ArtistWindow,
    TransitionSettings? Transition = null, IReadOnlyDictionary<string, TransitionSettings>? Items = null);
