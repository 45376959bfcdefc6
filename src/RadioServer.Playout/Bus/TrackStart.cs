namespace RadioServer.Playout.Bus;

/// <summary>An item's first sample went into the bus at sample frame <paramref name="BusFrame"/> (per channel, since the bus started).</summary>
public sealed record TrackStart(long BusFrame, PlayoutItem Item, TimeSpan? Duration);
