using Microsoft.Extensions.Logging;

namespace RadioServer.Playout.Analysis;

/// <summary>Log messages of file analysis (event ids 400–419).</summary>
internal static partial class AnalysisLog
{
    [LoggerMessage(PlayoutLogIds.Analysis + 0, LogLevel.Information, "Analysed {Path}: {Lufs:F1} LUFS, LRA {Lra:F1} LU, {TruePeak:F1} dBTP, cue {CueIn:F2}–{CueOut:F2} s")]
    public static partial void Analysed(ILogger logger, string path, double lufs, double lra, double truePeak, double cueIn, double cueOut);

    [LoggerMessage(PlayoutLogIds.Analysis + 1, LogLevel.Warning, "Cannot analyse {Path}: {Error}")]
    public static partial void AnalysisFailed(ILogger logger, string path, string error);

    [LoggerMessage(PlayoutLogIds.Analysis + 2, LogLevel.Warning, "Cannot write the analysis cache {Path}: {Error}; the analyses stay in memory and each later save tries again (said once until it works)")]
    public static partial void CacheWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(PlayoutLogIds.Analysis + 9, LogLevel.Information, "The analysis cache {Path} is written again")]
    public static partial void CacheWrittenAgain(ILogger logger, string path);

    [LoggerMessage(PlayoutLogIds.Analysis + 3, LogLevel.Information, "Analysis cache {Path}: {Count} files known; analysing in the background on {Workers} threads")]
    public static partial void Started(ILogger logger, string path, int count, int workers);
}
