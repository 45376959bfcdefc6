using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Sound;

/// <summary>Log messages of levelling and limiting (event ids 420–439).</summary>
internal static partial class SoundLog
{
    [LoggerMessage(PlayoutLogIds.Sound + 0, LogLevel.Information, "Gain for {Path}: {GainDb:+0.0;-0.0} dB ({Why})")]
    public static partial void ItemGain(ILogger logger, string path, double gainDb, string why);
}
