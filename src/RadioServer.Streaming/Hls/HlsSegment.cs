using System.Buffers;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// One stored segment of a rendition: its media sequence number (the same instants in every rendition), the 90 kHz
/// time of its first sample (as its ID3 timestamp says), its length in seconds, the air time of its first sample
/// (<c>EXT-X-PROGRAM-DATE-TIME</c>) and whether it follows a break in the audio (a restart: <c>EXT-X-DISCONTINUITY</c>).
/// </summary>
public sealed record HlsSegment(long Sequence, long Pts90k, double Duration, DateTimeOffset ProgramDateTime, long Length, bool Discontinuity)
{
    public DateTimeOffset End => ProgramDateTime + TimeSpan.FromSeconds(Duration);

    /// <summary>Its file name in the rendition's folder (and its URL under <c>/hls/&lt;rendition&gt;/</c>).</summary>
    public string FileName => FileNameOf(Sequence);

    public static string FileNameOf(long sequence) => $"{sequence:D8}.ts";
}

/// <summary>
/// A segment the encoder has just cut, numbered alike in every rendition: its bytes (an MPEG-TS of the frames and item
/// tags) not yet on disk;
/// <paramref name="Discontinuity"/> when it follows a stall of the air (its times jump).
/// </summary>
public sealed record HlsSegmentAudio(int Rendition, long Sequence, long Pts90k, double Duration, DateTimeOffset ProgramDateTime, ReadOnlyMemory<byte> Bytes,
    bool Discontinuity = false)
{
    private byte[]? _rented;

    /// <summary>
    /// A segment whose bytes are a copy of <paramref name="bytes"/> in an array rented from the shared pool, which
    /// <see cref="Release"/> returns once the segment is stored. A high-rate rendition's segment (about 100 KB at
    /// 192 kbps) is a large object: a new array for each one was garbage that only a full collection frees, and an idle
    /// station's memory grew with every segment until one came.
    /// </summary>
    public static HlsSegmentAudio Rent(int rendition, long sequence, long pts90k, double duration, DateTimeOffset programDateTime, ReadOnlySpan<byte> bytes,
        bool discontinuity)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(rented);
        return new HlsSegmentAudio(rendition, sequence, pts90k, duration, programDateTime, rented.AsMemory(0, bytes.Length), discontinuity) { _rented = rented };
    }

    /// <summary>
    /// Gives rented bytes back to the pool (a second call does nothing); <see cref="Bytes"/> must not be read after. A
    /// copy made with <c>with</c> shares the array and may release it too: only one of the two may be released. A
    /// segment that is never released is only garbage, as any other.
    /// </summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
