namespace RadioServer.Playout.Analysis;

/// <summary>Where playout looks up a file's analysis. Must answer at once (never decodes on the caller's thread).</summary>
public interface ITrackAnalysisSource
{
    /// <summary>The analysis of the file as it is now on disk, or null when it is not known yet (it is then queued).</summary>
    TrackAnalysis? Find(string path);
}
