using RadioServer.Playout.Library;

namespace RadioServer.Playout.Engine;

/// <summary>A decision of what to play next, and why it was picked (for the log and the aired history).</summary>
/// <param name="Length">How long to play it, when the playlist says (relay items); files play to their end.</param>
public sealed record PlayoutItem(TrackInfo Track, string Reason, TimeSpan? Length = null);
