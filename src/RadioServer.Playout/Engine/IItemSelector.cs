namespace RadioServer.Playout.Engine;

/// <summary>Answers "what plays next". Called by the engine on its own thread when the current item ends.</summary>
public interface IItemSelector
{
    /// <summary>The next item, or null when there is nothing to play (the engine then plays silence).</summary>
    PlayoutItem? PickNext();
}
