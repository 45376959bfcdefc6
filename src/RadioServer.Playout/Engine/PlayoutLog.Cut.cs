using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Engine;

/// <summary>Log messages of cuts for inserts and transitions (event ids 120–129).</summary>
internal static partial class PlayoutLog
{
    [LoggerMessage(PlayoutLogIds.Engine + 20, LogLevel.Information, "{Title} will be faded out at {CutTime:O} (bus frame {Frame}) for a scheduled insert")]
    public static partial void WillCut(ILogger logger, string title, DateTimeOffset cutTime, long frame);

    [LoggerMessage(PlayoutLogIds.Engine + 21, LogLevel.Information, "Into {Title}: {Transition}")]
    public static partial void Transition(ILogger logger, string title, Transitions.TransitionPlan transition);
}
