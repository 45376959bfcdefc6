using System.Globalization;
using System.Text;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// The HLS playlists (RFC 8216): the multivariant playlist listing the renditions, and each rendition's media
/// playlist, either live (the last few segments) or from a past instant to live (the rewind window, <c>?start=</c>).
/// Every segment carries <c>EXT-X-PROGRAM-DATE-TIME</c>, so a player knows the air time of what it plays.
/// </summary>
public static class HlsPlaylist
{
    /// <summary>The codecs attribute of MP3 (MPEG-1/2 Layer III) audio.</summary>
    public const string Mp3Codec = "mp4a.40.34";

    public const string ContentType = "application/vnd.apple.mpegurl";

    /// <summary>The multivariant playlist; <paramref name="query"/> (e.g. <c>?start=…</c>) is passed on to the media playlists.</summary>
    public static string Multivariant(HlsOptions options, string query = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        var sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        int framesPerSegment = HlsOutput.FramesPer(options);
        foreach (var r in options.Renditions)
        {
            // The audio in MPEG-TS: PES of a few frames in 188-byte packets, and the program tables at each segment's start.
            int perPes = HlsRenditionEncoder.FramesPerPes(r);
            double frameBytes = r.Bitrate * 1000 / 8.0 * r.FrameSeconds;
            int rest = framesPerSegment % perPes;
            double segmentBytes = ((framesPerSegment / perPes) * MpegTsWriter.PesBytes((int)Math.Ceiling(frameBytes * perPes)))
                + (rest > 0 ? MpegTsWriter.PesBytes((int)Math.Ceiling(frameBytes * rest)) : 0) + (2 * MpegTsWriter.PacketSize);
            long average = (long)(segmentBytes * 8 / (framesPerSegment * r.FrameSeconds));
            long peak = (long)(average * 1.05); // item tags, padded frames
            sb.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},CODECS=\"{Mp3Codec}\",NAME=\"{r.Name}\"\n{r.Name}.m3u8{query}\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// A media playlist of <paramref name="segments"/>[<paramref name="from"/>..] (what the store holds, oldest first);
    /// <paramref name="discontinuitiesBefore"/> counts the discontinuity tags before <c>segments[0]</c>.
    /// <paramref name="startOffset"/>, when given, tells the player to begin that far into the first segment.
    /// </summary>
    public static string Media(string rendition, IReadOnlyList<HlsSegment> segments, int from, long discontinuitiesBefore, int targetDuration,
        double? startOffset = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        long discontinuity = discontinuitiesBefore;
        for (int i = 0; i < from; i++)
        {
            discontinuity += segments[i].Discontinuity ? 1 : 0;
        }

        var sb = new StringBuilder(128 + ((segments.Count - from) * 110));
        sb.Append(CultureInfo.InvariantCulture, $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:{targetDuration}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-MEDIA-SEQUENCE:{(from < segments.Count ? segments[from].Sequence : NextSequence(segments))}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuity}\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (startOffset is { } offset)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#EXT-X-START:TIME-OFFSET={offset:0.###},PRECISE=YES\n");
        }

        for (int i = from; i < segments.Count; i++)
        {
            var s = segments[i];
            if (i > from)
            {
                // A segment the disk never got keeps its number: listed as a gap (rfc8216bis EXT-X-GAP), so the numbers
                // players count from MEDIA-SEQUENCE stay those of the files.
                var before = segments[i - 1];
                for (long missing = before.Sequence + 1; missing < s.Sequence; missing++)
                {
                    sb.Append(CultureInfo.InvariantCulture,
                        $"#EXT-X-GAP\n#EXTINF:{before.Duration:0.000000},\n{rendition}/{HlsSegment.FileNameOf(missing)}\n");
                }
            }

            if (s.Discontinuity)
            {
                sb.Append("#EXT-X-DISCONTINUITY\n"); // on the first segment too: it counts for that segment (RFC 8216 §6.2.2)
            }

            sb.Append(CultureInfo.InvariantCulture,
                $"#EXT-X-PROGRAM-DATE-TIME:{s.ProgramDateTime.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\n#EXTINF:{s.Duration:0.000000},\n{rendition}/{s.FileName}\n");
        }

        return sb.ToString();
    }

    /// <summary>The index of the segment on the air at <paramref name="instant"/> (the oldest if it is before the window), and how far into it.</summary>
    public static (int Index, double Offset) Find(IReadOnlyList<HlsSegment> segments, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0 || instant <= segments[0].ProgramDateTime)
        {
            return (0, 0);
        }

        int lo = 0, hi = segments.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (segments[mid].ProgramDateTime <= instant)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return (lo, Math.Clamp((instant - segments[lo].ProgramDateTime).TotalSeconds, 0, segments[lo].Duration));
    }

    /// <summary>
    /// Reads a <c>start</c> parameter: an ISO 8601 time (<c>2026-12-06T07:00:00Z</c>), Unix seconds, or seconds before
    /// <paramref name="now"/> as a negative number (<c>-180</c>: three minutes ago).
    /// </summary>
    public static bool TryParseStart(string? text, DateTimeOffset now, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
        {
            if (number <= 0)
            {
                instant = now + TimeSpan.FromSeconds(Math.Max(number, -366 * 86400.0));
                return true;
            }

            if (number < 253402300799) // up to year 9999
            {
                instant = DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000));
                return true;
            }

            return false;
        }

        // A '+' of an offset that was not escaped arrives as a space.
        return DateTimeOffset.TryParse(text.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant);
    }

    private static long NextSequence(IReadOnlyList<HlsSegment> segments) => segments.Count > 0 ? segments[^1].Sequence + 1 : 0;
}
