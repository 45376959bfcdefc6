using RadioServer.Playout.Library;

namespace RadioServer.Playout.Bus;

/// <summary>A decision of what to play next, and why it was picked (for the log and the aired history).</summary>
/// <param name="Length">How long to play it, when the playlist says (relay items); files play to their end.</param>
/// <param name="Transition">How it meets its neighbours (its playlist's and its own settings), over the station's; null: the station's.</param>
/// <param name="NotBefore">The air time it must not start before (a hard insert's time): a crossfade into it is shortened so it starts then.</param>
/// <param name="Insert">For an insert: the insert's name in the schedule.</param>
/// <param name="Due">For an insert: the occurrence it plays for (its cron time; a back-to-back hard insert's <paramref name="NotBefore"/> is later).</param>
public sealed record PlayoutItem(TrackInfo Track, string Reason, TimeSpan? Length = null, Transitions.TransitionSettings? Transition = null,
    DateTimeOffset? NotBefore = null, string? Insert = null, DateTimeOffset? Due = null);
