using System.Globalization;
using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Audio;

/// <summary>What was wrong with an MP3 file and what it cost: the one log line a damaged file gets.</summary>
/// <param name="JunkBytes">Bytes between frames that were not audio (skipped).</param>
/// <param name="Gaps">Places where such bytes were skipped.</param>
/// <param name="GapSeconds">Audio those bytes would have held, at the bitrate around them.</param>
/// <param name="TruncatedBytes">Bytes of a last frame that the file ends inside.</param>
/// <param name="AnnouncedFrames">Frames the Xing/Info tag announces (-1 without one).</param>
/// <param name="Frames">Audio frames found.</param>
/// <param name="FormatChanges">Times the sample rate or channel count changed (later segments are converted).</param>
/// <param name="ConcealedFrames">Frames the decoder could not decode sanely, concealed by repeating the last good one.</param>
/// <param name="FrameSeconds">Duration of one frame, to turn frame counts into seconds.</param>
/// <param name="WalkedToEnd">Whether the whole file was walked (a frame count can only be compared then).</param>
public sealed record Mp3Damage(
    long JunkBytes,
    int Gaps,
    double GapSeconds,
    long TruncatedBytes,
    long AnnouncedFrames,
    long Frames,
    int FormatChanges,
    int ConcealedFrames,
    double FrameSeconds,
    bool WalkedToEnd)
{
    /// <summary>Frames the Xing/Info tag announces beyond those found (a truncated or stale tag).</summary>
    public long MissingFrames => WalkedToEnd && AnnouncedFrames > Frames ? AnnouncedFrames - Frames : 0;

    /// <summary>True when the Xing/Info frame count does not match the file (it was cut or edited after encoding).</summary>
    public bool StaleFrameCount => WalkedToEnd && AnnouncedFrames >= 0 && AnnouncedFrames != Frames;

    public bool IsDamaged => JunkBytes > 0 || TruncatedBytes > 0 || StaleFrameCount || FormatChanges > 0 || ConcealedFrames > 0;

    /// <summary>
    /// Audio known to be lost, in seconds: the concealed frames, and the frames a Xing/Info tag announces beyond those
    /// found (cut off or overwritten). Skipped bytes without such a count may be inserted junk or lost audio: see
    /// <see cref="Loss"/>.
    /// </summary>
    public double LostSeconds => (ConcealedFrames + MissingFrames) * FrameSeconds;

    /// <summary>What the damage cost, for the log: the seconds known lost, and what cannot be known.</summary>
    public string Loss
    {
        get
        {
            var inv = CultureInfo.InvariantCulture;
            string known = string.Create(inv, $"about {LostSeconds:0.0} s of audio lost");
            if (AnnouncedFrames < 0 && Gaps > 0)
            {
                return known + string.Create(inv, $" (or up to {LostSeconds + GapSeconds:0.0} s if the skipped bytes replaced audio), the rest aired");
            }

            if (AnnouncedFrames < 0 && TruncatedBytes > 0)
            {
                return known + " before the cut (how much followed it is unknown: no Xing frame count), the rest aired";
            }

            return known + ", the rest aired";
        }
    }

    /// <summary>The walk's findings, before decoding (no concealed frames yet).</summary>
    public static Mp3Damage From(Mp3FrameWalker walker, int concealedFrames = 0)
    {
        ArgumentNullException.ThrowIfNull(walker);
        return new Mp3Damage(walker.JunkBytes, walker.Gaps, walker.GapSeconds, walker.TruncatedBytes, walker.AnnouncedFrames,
            walker.Frames, walker.FormatChanges, concealedFrames, walker.Frames > 0 ? walker.AudioSeconds / walker.Frames : 0, walker.IsDone);
    }

    /// <summary>One sentence for the log, e.g. "65536 bytes of garbage skipped in 1 place; ends inside a frame (truncated)".</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (Gaps > 0)
        {
            parts.Add(string.Create(inv, $"{JunkBytes} bytes that are not audio skipped in {Gaps} place(s)"));
        }
        else if (JunkBytes > 0)
        {
            parts.Add(string.Create(inv, $"{JunkBytes} bytes that are not audio after the last frame"));
        }

        if (ConcealedFrames > 0)
        {
            parts.Add(string.Create(inv, $"{ConcealedFrames} corrupt frame(s) concealed"));
        }

        if (TruncatedBytes > 0)
        {
            parts.Add(MissingFrames > 0
                ? string.Create(inv, $"truncated: ends inside a frame, {MissingFrames} of the {AnnouncedFrames} frames its header announces are missing")
                : "truncated: ends inside a frame");
        }
        else if (StaleFrameCount)
        {
            parts.Add(string.Create(inv, $"its Xing/Info header announces {AnnouncedFrames} frames but it holds {Frames}"));
        }

        if (FormatChanges > 0)
        {
            parts.Add(string.Create(inv, $"the sample rate or channel count changes {FormatChanges} time(s) (converted)"));
        }

        return string.Join("; ", parts);
    }
}
