using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Audio;

/// <summary>What <see cref="Mp3Probe"/> found in a file.</summary>
/// <param name="Error">Why the file must not be aired, or null when it is fine.</param>
/// <param name="Duration">The valid audio's length (what airs; damaged stretches not counted).</param>
/// <param name="Damage">What was wrong with it, when something was (it may still be playable).</param>
public sealed record Mp3ProbeResult(
    string? Error,
    int SampleRate,
    int Channels,
    long AudioFrames,
    TimeSpan Duration,
    bool IsVbr,
    Mp3Damage? Damage = null)
{
    public bool IsPlayable => Error is null;

    internal static Mp3ProbeResult Fail(string error, Mp3Damage? damage = null) => new(error, 0, 0, 0, TimeSpan.Zero, false, damage);
}

/// <summary>
/// Checks a file before it goes on air by walking its frames (<see cref="Mp3FrameWalker"/>, the walk the decoder
/// makes too). NLayer "decodes" random bytes as noise and TagLibSharp accepts anything, so the evidence is a chain of
/// frames. A damaged file (bytes skipped, truncated, a stale Xing count, a format change) is playable when its valid
/// audio lasts at least <see cref="MinimumValidSeconds"/>; an undamaged one however short it is. Reads headers
/// only, so it costs a fraction of a decode.
/// </summary>
public static class Mp3Probe
{
    /// <summary>The least valid audio a damaged file must hold to be aired.</summary>
    public const double MinimumValidSeconds = 1.0;

    public static Mp3ProbeResult Probe(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            return Probe(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Mp3ProbeResult.Fail(e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found"
                : $"cannot read file: {e.Message}");
        }
    }

    public static Mp3ProbeResult Probe(Stream stream, double minimumValidSeconds = MinimumValidSeconds)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Length == 0)
        {
            return Mp3ProbeResult.Fail("empty file (0 bytes)");
        }

        var walker = new Mp3FrameWalker(stream);
        if (!walker.MoveNext())
        {
            return Mp3ProbeResult.Fail("no run of valid MPEG audio frames found (not an MP3 file?)");
        }

        var first = walker.Header;
        bool vbr = walker.IsInfoFrame;
        do
        {
            vbr |= walker.Header.BitrateKbps != first.BitrateKbps;
        }
        while (walker.MoveNext());

        var damage = Mp3Damage.From(walker);
        if (walker.Frames == 0)
        {
            return Mp3ProbeResult.Fail("no audio frames", damage);
        }

        if (damage.IsDamaged && walker.AudioSeconds < minimumValidSeconds)
        {
            return Mp3ProbeResult.Fail(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"damaged ({damage.Describe()}), and only {walker.AudioSeconds:0.##} s of valid audio is left (at least {minimumValidSeconds:0.##} s is aired)"), damage);
        }

        return new Mp3ProbeResult(null, first.SampleRate, first.Channels, walker.Frames, TimeSpan.FromSeconds(walker.AudioSeconds), vbr,
            damage.IsDamaged ? damage : null);
    }
}
