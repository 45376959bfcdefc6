using System.Text.RegularExpressions;
using RadioServer.Streaming.Hls;

namespace RadioServer.Configuration;

/// <summary>The checks of <c>station.hls</c>, called from <see cref="StationConfigLoader"/>'s validation with its <c>check(ok, key, message)</c>.</summary>
internal static partial class HlsValidation
{
    /// <summary>MP3's sample rates: MPEG-1 (1152 samples per frame), MPEG-2 and MPEG-2.5 (576).</summary>
    private static readonly int[] Rates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

    public static void Validate(HlsOptions h, Action<bool, string, string> check)
    {
        const string k = "station:hls";
        check(h.SegmentSeconds is >= 1 and <= 30, $"{k}:segmentseconds", $"hls segment_seconds must be between 1 and 30, not {h.SegmentSeconds}");
        check(h.WindowMinutes is >= 1 and <= 1440, $"{k}:windowminutes", $"hls window_minutes must be between 1 and 1440, not {h.WindowMinutes}");
        check(h.LiveSegments is >= 3 and <= 30, $"{k}:livesegments", $"hls live_segments must be between 3 and 30, not {h.LiveSegments}");
        check(h.Folder.Length > 0 && !Path.IsPathRooted(h.Folder) && !h.Folder.Split('/', '\\').Contains(".."), $"{k}:folder",
            $"hls folder '{h.Folder}' must be a folder inside data_folder");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < h.Renditions.Count; i++)
        {
            var r = h.Renditions[i];
            string key = $"{k}:renditions:{i}";
            check(NamePattern().IsMatch(r.Name) && !r.Name.Equals("live", StringComparison.OrdinalIgnoreCase), $"{key}:name",
                $"hls rendition name '{r.Name}' must be letters, digits, '-' or '_' (and not 'live', the multivariant playlist)");
            check(!NamePattern().IsMatch(r.Name) || names.Add(r.Name), $"{key}:name", $"hls rendition '{r.Name}' is declared twice");
            check(r.Bitrate is >= 8 and <= 320, $"{key}:bitrate", $"hls bitrate {r.Bitrate} must be between 8 and 320 kbps");
            check(Rates.Contains(r.SampleRate), $"{key}:samplerate", $"hls sample_rate {r.SampleRate} is not an MP3 rate ({string.Join(", ", Rates)})");
            check(r.Channels is 1 or 2, $"{key}:channels", $"hls channels must be 1 or 2, not {r.Channels}");
            check(r.Quality is >= 0 and <= 9, $"{key}:quality", $"hls quality must be between 0 and 9, not {r.Quality}");
            if (i > 0 && Rates.Contains(r.SampleRate) && Rates.Contains(h.Renditions[0].SampleRate))
            {
                // Segments of every rendition must cover the same instants, so their MP3 frames must last as long.
                check(Math.Abs(r.FrameSeconds - h.Renditions[0].FrameSeconds) < 1e-9, $"{key}:samplerate",
                    $"hls sample_rate {r.SampleRate} has frames of {r.FrameSeconds * 1000:0.##} ms, the first rendition's of {h.Renditions[0].FrameSeconds * 1000:0.##} ms: " +
                    "use rates of one family (44100 with 22050, 48000 with 24000, 32000 with 16000)");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
