using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Engine;

/// <summary>The item picked to follow the one on air, the bus frame where it will start, and when that airs.</summary>
public sealed record UpcomingItem(PlayoutItem Item, long StartFrame, DateTimeOffset AirTime, TimeSpan? Duration);
