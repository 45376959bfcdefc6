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

        // (Again after a failure: the tag is rewritten, as nothing was appended before the open succeeded.)
        var stream = new FileStream(file.Info.FilePath, FileMode.Create, FileAccess.Write, FileShare.Read);
        file.Stream = stream;
        stream.Write(file.Tag);
        stream.Flush();
        file.Written = file.Tag.Length;
        WriteSidecar(file.Info);
        RecordingStarted(_logger, file.Info.Kind, file.Info.Show, file.Info.Mount, file.Info.FilePath);
    }

    private static FileStream Reopen(RecordingFile file) =>
        new(file.Info.FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);

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
            File.Delete(info.FilePath);
            File.Delete(RecordingInfo.SidecarOf(info.FilePath));
            RecordingEmpty(_logger, info.FilePath);
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

    private void Prune(long activeBytes)
    {
        var victims = RecordingRetention.Select(_catalog.All, _time.GetUtcNow(), _maxAge, _maxTotalBytes, activeBytes);
        foreach (var (recording, why) in victims)
        {
            File.Delete(recording.FilePath);
            File.Delete(RecordingInfo.SidecarOf(recording.FilePath));
            _catalog.Remove(recording);
            string? folder = Path.GetDirectoryName(recording.FilePath);
            if (folder is not null && folder != _catalog.Root && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }

            RecordingDeleted(_logger, recording.FilePath, why);
        }
    }

    private static void WriteSidecar(RecordingInfo info)
    {
        string sidecar = RecordingInfo.SidecarOf(info.FilePath);
        string temporary = sidecar + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(info, RecordingInfo.Json));
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
}
