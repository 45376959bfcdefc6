namespace RadioServer.Playout.Schedule;

/// <summary>One playlist of a rotation and its share of the picks (weight 3 plays three times as often as weight 1).</summary>
public sealed record WeightedPlaylist(string Playlist, int Weight);
