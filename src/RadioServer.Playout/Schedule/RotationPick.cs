using RadioServer.Playout.Library;

namespace RadioServer.Playout.Schedule;

/// <summary>A track a rotation picked, why, and which no-repeat window (if any) had to be relaxed.</summary>
public sealed record RotationPick(TrackInfo Track, string Why, string? Relaxed);
