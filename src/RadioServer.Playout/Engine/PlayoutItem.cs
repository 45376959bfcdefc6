using RadioServer.Playout.Library;

namespace RadioServer.Playout.Engine;

/// <summary>A decision of what to play next, and why it was picked (for the log and the aired history).</summary>
public sealed record PlayoutItem(TrackInfo Track, string Reason);
