namespace RadioServer.Streaming.Broadcast;

/// <summary>
/// One listener as its pump sees it: which buffer it hears now and where its sent bytes are counted. A host's listener
/// session is one (an admin may move it to another mount), so a listener holds no delegates of its own for this.
/// </summary>
public interface IListenerFeed
{
    /// <summary>The buffer to read; when it changes (the listener was moved), the pump goes on live on the new one.</summary>
    BroadcastBuffer Buffer { get; }

    /// <summary>Called after each send with the audio bytes it carried.</summary>
    void Sent(long bytes);
}
