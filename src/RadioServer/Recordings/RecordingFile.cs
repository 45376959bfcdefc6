namespace RadioServer.Recordings;

/// <summary>
/// A recording on its way to the disk: what the <see cref="RecordingWriter"/> knows of it. Its file is named, created
/// and written on the writer's thread only; <see cref="Finished"/> completes once it is closed and in the catalog.
/// </summary>
public sealed class RecordingFile
{
    private readonly TaskCompletionSource<RecordingInfo?> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordingFile(RecordingInfo info, string folder, string stem)
    {
        Info = info;
        Folder = folder;
        Stem = stem;
    }

    /// <summary>The recording as known so far (its path once the file is created; its length once it is finished).</summary>
    public RecordingInfo Info { get; internal set; }

    /// <summary>The finished recording, or null when it held no audio (or could not be written before the station stopped).</summary>
    public Task<RecordingInfo?> Finished => _finished.Task;

    internal string Folder { get; }

    internal string Stem { get; }

    /// <summary>The ID3 tag the file starts with, rendered by the writer when it first opens the file.</summary>
    internal byte[]? Tag { get; set; }

    /// <summary>Open on the writer's thread between writes; null before the file exists and after a failed write.</summary>
    internal FileStream? Stream { get; set; }

    /// <summary>Bytes in the file (tag included), counted by the writer.</summary>
    internal long Written { get; set; }

    internal bool Created { get; set; }

    internal void Finish(RecordingInfo? info) => _finished.TrySetResult(info);
}
