using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Engine;

/// <summary>
/// Answers "what starts at air time T". Called by the engine on its own thread when the current item ends (or is
/// cut), with the bus time at which the picked item's first sample will play, not the time of the call: a pick is
/// made for the moment it airs.
/// </summary>
public interface IItemSelector
{
    /// <summary>The item that starts at <paramref name="airTime"/>, or null when there is nothing to play (the engine then plays silence).</summary>
    PlayoutItem? PickNext(DateTimeOffset airTime);

    /// <summary>
    /// When an item starting at <paramref name="itemStart"/> must give way (a hard insert's time, or a soft insert's
    /// latest start), or null when it may play to its end. The engine fades the item out so that it ends exactly then.
    /// </summary>
    DateTimeOffset? NextCut(DateTimeOffset itemStart) => null;

    /// <summary>
    /// The longest <see cref="Transitions.TransitionSettings.Reach"/> of the settings this selector's items may carry (the
    /// station's own are the engine's): the engine reads each item this far ahead, so its end is known in time. A
    /// selector that cannot tell keeps the default, the most any setting may ask for.
    /// </summary>
    TimeSpan TransitionReach => Transitions.TransitionSettings.MaxLength;

    /// <summary>The engine reports that <paramref name="item"/> (returned by <see cref="PickNext"/>) really started at <paramref name="airTime"/>.</summary>
    void OnAired(PlayoutItem item, DateTimeOffset airTime)
    {
    }
}
