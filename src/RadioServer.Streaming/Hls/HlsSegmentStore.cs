using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// The rewind window on disk: each rendition's segments under <c>data_folder/hls/&lt;rendition&gt;/</c>, listed in its
/// <c>segments.csv</c> (so a restarted station serves what aired before it stopped), and deleted once they are older than
/// the window. Segments come from the playout thread (<see cref="Accept"/> never blocks) and are written by one
/// background loop; a segment is listed only once its file is complete, so a playlist never names a file still being
/// written. Sequence numbers go on across restarts (a store without an index starts them from the wall clock, so a URL
/// cached as immutable is never reused), and the first segment after one is marked as a discontinuity. A segment that
/// leaves the window stays on disk for <see cref="DeleteGrace"/> more, as RFC 8216 §6.2.2 asks: playlists and caches
/// may still name it.
/// </summary>
public sealed partial class HlsSegmentStore : IDisposable
{
    /// <summary>Segments waiting for the disk before new ones are dropped (a stalled disk must not grow memory).</summary>
    public const int MaxPending = 64;

    /// <summary>How long a segment that has left the window is still served before its file is deleted.</summary>
    public static readonly TimeSpan DeleteGrace = TimeSpan.FromSeconds(30);

    private const string IndexName = "segments.csv";
    private const int LogId = 2100;

    private readonly string _folder;
    private readonly HlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Rendition[] _renditions;
    private readonly Channel<HlsSegmentAudio> _pending = Channel.CreateBounded<HlsSegmentAudio>(
        new BoundedChannelOptions(MaxPending) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private long _dropped;
    private long _failed;

    public HlsSegmentStore(string folder, HlsOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _folder = folder;
        _options = options;
        _time = time;
        _logger = logger;
        _renditions = [.. options.Renditions.Select(r => new Rendition(r.Name, Path.Combine(folder, r.Name)))];
        var now = time.GetUtcNow();
        foreach (var r in _renditions)
        {
            Load(r, now);
        }

        // The encoders number every rendition's segments alike, from here on. Without any index (a first start, or a
        // folder wiped), numbers start from the wall clock, above any a cache may still hold.
        NextSequence = _renditions.Any(r => r.Indexed)
            ? _renditions.Max(r => r.NextSequence)
            : Math.Max(0, now.ToUnixTimeSeconds() / Math.Max(1, (long)options.SegmentSeconds));
        foreach (var r in _renditions)
        {
            r.Discontinuity = r.Segments.Length > 0;
        }
    }

    /// <summary>The number the first segment of this run carries (in every rendition).</summary>
    public long NextSequence { get; }

    public HlsOptions Options => _options;

    /// <summary>Segments dropped because the disk fell <see cref="MaxPending"/> behind, and writes that failed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped) + Interlocked.Read(ref _failed);

    /// <summary>The rendition's index in <c>hls.renditions</c>, by name (ordinal), or -1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_renditions, r => r.Name == name);

    /// <summary>The rendition's stored segments, oldest first (a snapshot: safe to read on any thread).</summary>
    public IReadOnlyList<HlsSegment> Segments(int rendition) => Volatile.Read(ref _renditions[rendition].Segments);

    /// <summary>Discontinuity tags that have left the window (<c>EXT-X-DISCONTINUITY-SEQUENCE</c> of the oldest segment).</summary>
    public long DiscontinuitiesBefore(int rendition) => Volatile.Read(ref _renditions[rendition].DiscontinuitiesBefore);

    /// <summary>The file of a stored segment.</summary>
    public string PathOf(int rendition, HlsSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return Path.Combine(_renditions[rendition].Folder, segment.FileName);
    }

    /// <summary>Bytes of segments on disk, all renditions.</summary>
    public long DiskBytes => _renditions.Sum(r => Volatile.Read(ref r.Segments).Sum(s => s.Length));

    /// <summary>
    /// Queues a finished segment for the disk; never blocks (the playout thread calls it). A segment dropped because the
    /// disk is behind leaves a hole in the numbering (listed as a gap), and the next one kept is a discontinuity.
    /// </summary>
    public void Accept(HlsSegmentAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ref bool lost = ref _renditions[audio.Rendition].LostBeforeNext; // the playout thread's own flag
        if (_pending.Writer.TryWrite(lost ? audio with { Discontinuity = true } : audio))
        {
            lost = false;
        }
        else
        {
            Interlocked.Increment(ref _dropped);
            lost = true;
            audio.Release();
        }
    }

    /// <summary>Writes queued segments until <paramref name="stopping"/>, then what is still queued.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (_pending.Reader.TryRead(out var audio))
                {
                    await StoreAsync(audio).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            while (_pending.Reader.TryRead(out var audio))
            {
                await StoreAsync(audio).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stores one segment now (the background loop's step; tests call it directly), and releases its bytes.</summary>
    public async Task StoreAsync(HlsSegmentAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        try
        {
            await StoreOnceAsync(audio).ConfigureAwait(false);
        }
        finally
        {
            audio.Release();
        }
    }

    private async Task StoreOnceAsync(HlsSegmentAudio audio)
    {
        var r = _renditions[audio.Rendition];
        if (r.Segments.Length > 0 && audio.Sequence <= r.Segments[^1].Sequence)
        {
            return; // numbers only go up; never overwrite what a cache may hold as immutable
        }

        var segment = new HlsSegment(audio.Sequence, audio.Pts90k, audio.Duration, audio.ProgramDateTime, audio.Bytes.Length, r.Discontinuity || audio.Discontinuity);
        string path = Path.Combine(r.Folder, segment.FileName);
        try
        {
            Directory.CreateDirectory(r.Folder);
            string temp = path + ".part";
            await File.WriteAllBytesAsync(temp, audio.Bytes).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            await File.AppendAllTextAsync(Path.Combine(r.Folder, IndexName), Line(segment)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _failed);
            r.Discontinuity = true;
            WriteFailed(_logger, r.Name, path, e.Message);
            return;
        }

        r.Discontinuity = false;
        Publish(r, [.. r.Segments, segment]);
        Expire(r, _time.GetUtcNow());
    }

    /// <summary>
    /// The index of the oldest segment still in the window (playlists start there; older ones are kept only for
    /// <see cref="DeleteGrace"/>).
    /// </summary>
    public int FirstInWindow(int rendition)
    {
        var segments = Segments(rendition);
        var oldest = _time.GetUtcNow() - _options.Window;
        int i = 0;
        while (i < segments.Count - 1 && segments[i].End < oldest)
        {
            i++;
        }

        return i;
    }

    /// <summary>Deletes what left the window more than <see cref="DeleteGrace"/> ago (by air time, and by count should the clock jump).</summary>
    private void Expire(Rendition r, DateTimeOffset now)
    {
        var segments = r.Segments;
        var oldest = now - _options.Window - DeleteGrace;
        int maxCount = (int)Math.Ceiling((_options.Window + DeleteGrace).TotalSeconds / _options.SegmentSeconds) + 1;
        int drop = 0;
        while (drop < segments.Length && (segments[drop].End < oldest || segments.Length - drop > maxCount))
        {
            drop++;
        }

        if (drop == 0)
        {
            return;
        }

        // RFC 8216 §6.2.2: a removed EXT-X-DISCONTINUITY tag raises EXT-X-DISCONTINUITY-SEQUENCE.
        long discontinuities = r.DiscontinuitiesBefore;
        for (int i = 0; i < drop; i++)
        {
            discontinuities += segments[i].Discontinuity ? 1 : 0;
            TryDelete(Path.Combine(r.Folder, segments[i].FileName));
        }

        Volatile.Write(ref r.DiscontinuitiesBefore, discontinuities);
        Publish(r, segments[drop..]);
        r.Expired += drop;
        if (r.Expired > 64)
        {
            RewriteIndex(r);
        }
    }

    private static void Publish(Rendition r, HlsSegment[] segments) => Volatile.Write(ref r.Segments, segments);

    /// <summary>Reads the rendition's index; drops entries whose file is gone or which have left the window, and stray files.</summary>
    private void Load(Rendition r, DateTimeOffset now)
    {
        string index = Path.Combine(r.Folder, IndexName);
        if (!File.Exists(index))
        {
            if (Directory.Exists(r.Folder))
            {
                foreach (string file in Directory.EnumerateFiles(r.Folder))
                {
                    TryDelete(file); // segments no index lists: their numbers will not be served again
                }
            }

            return;
        }

        r.Indexed = true;
        var segments = new List<HlsSegment>();
        long discontinuities = 0;
        try
        {
            foreach (string line in File.ReadLines(index))
            {
                if (line.StartsWith("discontinuity-sequence,", StringComparison.Ordinal))
                {
                    _ = long.TryParse(line.AsSpan("discontinuity-sequence,".Length), CultureInfo.InvariantCulture, out discontinuities);
                }
                else if (TryParse(line, out var s) && (segments.Count == 0 || s.Sequence > segments[^1].Sequence))
                {
                    segments.Add(s);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteFailed(_logger, r.Name, index, e.Message);
            return;
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<HlsSegment>();
        foreach (var s in segments)
        {
            if (File.Exists(Path.Combine(r.Folder, s.FileName)) && s.End >= now - _options.Window - DeleteGrace)
            {
                // A segment missing from the middle breaks the run: the next one follows a gap.
                kept.Add(kept.Count > 0 && kept[^1].Sequence + 1 != s.Sequence ? s with { Discontinuity = true } : s);
                listed.Add(s.FileName);
            }
            else if (s.Discontinuity)
            {
                discontinuities++;
            }
        }

        foreach (string file in Directory.EnumerateFiles(r.Folder))
        {
            string name = Path.GetFileName(file);
            if (name != IndexName && !listed.Contains(name))
            {
                TryDelete(file);
            }
        }

        r.NextSequence = segments.Count > 0 ? segments[^1].Sequence + 1 : 0;
        r.DiscontinuitiesBefore = discontinuities;
        Publish(r, [.. kept]);
        RewriteIndex(r);
        Loaded(_logger, r.Name, kept.Count, kept.Count > 0 ? kept[0].ProgramDateTime : now);
    }

    private void RewriteIndex(Rendition r)
    {
        string index = Path.Combine(r.Folder, IndexName);
        try
        {
            Directory.CreateDirectory(r.Folder);
            File.WriteAllText(index + ".part",
                $"discontinuity-sequence,{r.DiscontinuitiesBefore}\n" + string.Concat(r.Segments.Select(Line)));
            File.Move(index + ".part", index, overwrite: true);
            r.Expired = 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteFailed(_logger, r.Name, index, e.Message);
        }
    }

    private static string Line(HlsSegment s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Sequence},{s.Pts90k},{s.Duration:R},{s.ProgramDateTime.ToUnixTimeMilliseconds()},{s.Length},{(s.Discontinuity ? 1 : 0)}\n");

    private static bool TryParse(string line, out HlsSegment segment)
    {
        segment = null!;
        var f = line.Split(',');
        if (f.Length != 6
            || !long.TryParse(f[0], CultureInfo.InvariantCulture, out long sequence)
            || !long.TryParse(f[1], CultureInfo.InvariantCulture, out long pts)
            || !double.TryParse(f[2], CultureInfo.InvariantCulture, out double duration)
            || !long.TryParse(f[3], CultureInfo.InvariantCulture, out long pdt)
            || !long.TryParse(f[4], CultureInfo.InvariantCulture, out long length))
        {
            return false;
        }

        segment = new HlsSegment(sequence, pts, duration, DateTimeOffset.FromUnixTimeMilliseconds(pdt), length, f[5] == "1");
        return true;
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteFailed(_logger, Path.GetFileName(Path.GetDirectoryName(path)) ?? "", path, e.Message);
        }
    }

    public void Dispose() => _pending.Writer.TryComplete();

    [LoggerMessage(LogId + 0, LogLevel.Warning, "HLS rendition {Rendition}: {Path} could not be written or removed: {Error}")]
    private static partial void WriteFailed(ILogger logger, string rendition, string path, string error);

    [LoggerMessage(LogId + 1, LogLevel.Information, "HLS rendition {Rendition}: {Count} segments kept from before the restart (from {Oldest:u})")]
    private static partial void Loaded(ILogger logger, string rendition, int count, DateTimeOffset oldest);

    private sealed class Rendition(string name, string folder)
    {
        public string Name { get; } = name;

        public string Folder { get; } = folder;

        public HlsSegment[] Segments = [];

        public long DiscontinuitiesBefore;

        public long NextSequence;

        /// <summary>The writer's: the next segment stored follows a failed write or a restart.</summary>
        public bool Discontinuity;

        /// <summary>The playout thread's: a segment was dropped since the last one queued.</summary>
        public bool LostBeforeNext;

        public bool Indexed;

        public int Expired;
    }
}
