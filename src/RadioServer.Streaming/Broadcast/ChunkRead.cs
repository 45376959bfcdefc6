namespace RadioServer.Streaming.Broadcast;

/// <summary>Outcome of reading one sequence number from a <see cref="BroadcastBuffer"/>.</summary>
public enum ChunkRead
{
    /// <summary>The chunk is there.</summary>
    Ok,

    /// <summary>Not produced yet: wait.</summary>
    NotYet,

    /// <summary>Already dropped from the buffer: the reader fell too far behind.</summary>
    Gone,
}
