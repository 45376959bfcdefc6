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
public sealed record HlsSegmentAudio(int Rendition, long Sequence, long Pts90k, double Duration, DateTimeOffset ProgramDateTime, byte[] Bytes,
    bool Discontinuity = false);
