using RadioServer.Playout.Analysis;

namespace RadioServer.Commands;

/// <summary>What one <c>scan</c> did, for the report: the files, their analyses (null or with an error when one failed) and the settings used.</summary>
internal sealed record ScanRun(
    IReadOnlyList<string> Paths,
    IReadOnlyList<TrackAnalysis?> Results,
    long Analysed,
    TimeSpan Elapsed,
    int Threads,
    double Target,
    string Data);
