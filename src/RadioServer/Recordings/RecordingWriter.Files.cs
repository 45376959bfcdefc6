using System.Text.Json;
using RadioServer.Playout.Audio;

namespace RadioServer.Recordings;

/// <summary>The writer's work on the files (its own thread only): create, close and measure, retention.</summary>
public sealed partial class RecordingWriter
{
    private void Open(RecordingFile file)
    {
        Directory.CreateDirectory(file.Folder);
        if (!file.Created)
        {
            string path = RecordingNames.FreePath(file.Folder, file.Stem);
            file.Info = _catalog.Locate(file.Info, path);
            file.Created = true;
            _open.Add(file);
        }

        // Rendered here, not in Begin: TagLib's work stays off the publisher's thread (the playout's, for an item).
        file.Tag ??= RecordingTags.Render(file.Info, _stationName, _zoneName);

        // (Again after a failure: the tag is rewritten, as nothing was appended before the open succeeded.)
        var stream = new FileStream(file.Info.FilePath, FileMode.Create, FileAccess.Write, FileShare.Read);
        file.Stream = stream;
        stream.Write(file.Tag);
        stream.Flush();
        file.Written = file.Tag.Length;
        WriteSidecar(file.Info);
        RecordingStarted(_logger, file.Info.Kind, file.Info.Show, file.Info.Mount, file.Info.FilePath);
    }

    /// <summary>
    /// The file open again after a failed write, cut back to the bytes counted as written: a write that failed half-way
    /// may have left part of its chunk, which the retry writes whole.
    /// </summary>
    private static FileStream Reopen(RecordingFile file)
    {
        var stream = new FileStream(file.Info.FilePath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        try
        {
            if (stream.Length > file.Written)
            {
                stream.SetLength(file.Written);
            }

            stream.Seek(0, SeekOrigin.End);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private void Close(RecordingFile file)
    {
        if (!file.Created)
        {
            file.Finish(null);
            return;
        }

        file.Stream?.Flush();
        CloseQuietly(file);
        _open.Remove(file);
        var info = Measure(file.Info);
        if (info.DurationSeconds <= 0)
        {
            if (TryDelete(info))
            {
                RecordingEmpty(_logger, info.FilePath);
            }

            file.Finish(null);
            return;
        }

        file.Info = info;
        _catalog.Add(info);
        RecordingFinished(_logger, info.Show, info.DurationSeconds, info.Bytes, info.FilePath);
        file.Finish(info);
        Prune(_open.Sum(f => f.Written));
    }

    /// <summary><paramref name="info"/> completed with its file's real length (the MP3 probe's walk of its frames) and size; its sidecar rewritten.</summary>
    private RecordingInfo Measure(RecordingInfo info)
    {
        var probe = Mp3Probe.Probe(info.FilePath);
        var measured = info with
        {
            DurationSeconds = probe.IsPlayable ? Math.Round(probe.Duration.TotalSeconds, 3) : 0,
            Bytes = new FileInfo(info.FilePath).Length,
            Complete = true,
        };
        WriteSidecar(measured);
        return measured;
    }

    /// <param name="activeBytes">The bytes of the recordings in progress (counted towards the cap, never deleted).</param>
    private void Prune(long activeBytes)
    {
        var victims = RecordingRetention.Select(_catalog.All, _time.GetUtcNow(), _maxAge, _maxTotalBytes, activeBytes);
        foreach (var (recording, why) in victims)
        {
            if (TryDelete(recording))
            {
                RecordingDeleted(_logger, recording.FilePath, why);
            }
        }
    }

    /// <summary>
    /// Deletes a recording's file, its sidecar and its folder once empty, and takes it out of the catalog once its file
    /// is gone. A refusal is logged (once per file), counted and skipped: retention must never hold up the recordings
    /// queued behind it. False when something was left.
    /// </summary>
    private bool TryDelete(RecordingInfo recording)
    {
        try
        {
            File.Delete(recording.FilePath);
            _catalog.Remove(recording);
            File.Delete(RecordingInfo.SidecarOf(recording.FilePath));
            string? folder = Path.GetDirectoryName(recording.FilePath);
            if (folder is not null && folder != _catalog.Root && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }

            _undeletable.Remove(recording.FilePath);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _onFailure?.Invoke();
            if (_undeletable.Add(recording.FilePath))
            {
                DeleteFailed(_logger, recording.FilePath, e.Message);
            }

            return false;
        }
    }

    /// <summary>A recording (or folder) <see cref="RecordingCatalog.Load"/> could not read: logged, counted and left out of the feeds.</summary>
    private void LoadSkipped(string path, Exception error)
    {
        _onFailure?.Invoke();
        RecordingUnreadable(_logger, path, error.Message);
    }

    private static void WriteSidecar(RecordingInfo info)
    {
        string sidecar = RecordingInfo.SidecarOf(info.FilePath);
        string temporary = sidecar + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, RecordingInfo.JsonInfo));
        File.Move(temporary, sidecar, overwrite: true); // never a half-written sidecar
    }

    [LoggerMessage(HostLogIds.Recordings + 0, LogLevel.Information, "Recording {Kind} '{Show}' from {Mount} to {Path}")]
    private static partial void RecordingStarted(ILogger logger, RecordingKind kind, string show, string mount, string path);

    [LoggerMessage(HostLogIds.Recordings + 1, LogLevel.Information, "Recorded '{Show}': {Seconds:0.0} s, {Bytes} bytes in {Path}")]
    private static partial void RecordingFinished(ILogger logger, string show, double seconds, long bytes, string path);

    [LoggerMessage(HostLogIds.Recordings + 4, LogLevel.Information, "Deleted recording {Path}: {Why}")]
    private static partial void RecordingDeleted(ILogger logger, string path, string why);

    [LoggerMessage(HostLogIds.Recordings + 5, LogLevel.Information, "Recording {Path} held no audio and was removed")]
    private static partial void RecordingEmpty(ILogger logger, string path);

    [LoggerMessage(HostLogIds.Recordings + 6, LogLevel.Warning, "Cannot delete recording {Path}: {Error}; it is left in place and skipped (this is said once per file)")]
    private static partial void DeleteFailed(ILogger logger, string path, string error);

    [LoggerMessage(HostLogIds.Recordings + 7, LogLevel.Warning, "Cannot read {Path} in the recordings: {Error}; it is left out of the feeds")]
    private static partial void RecordingUnreadable(ILogger logger, string path, string error);
}
