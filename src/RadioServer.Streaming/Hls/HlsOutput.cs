using RadioServer.Playout.Bus;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// The HLS output: one sink of the PCM bus feeding every rendition's encoder with the same blocks, so their segments
/// cover the same instants and carry the same sequence numbers. Its clock is set from the first block: that block's
/// first sample is on the air now, and the 90 kHz timestamps count from the same instant (Unix time, modulo 2^33), so a
/// restarted station's timestamps go on from where the wall clock is. Should the air drift from the wall clock by more
/// than <see cref="MaxDrift"/> (a playout clock that stalled and skipped ahead), the clock is set again and the
/// renditions mark a discontinuity, so program dates stay true and a rewind lands where the history says.
/// </summary>
public sealed class HlsOutput : IPcmSink, IDisposable
{
    private readonly HlsRenditionEncoder[] _renditions;
    /// <summary>How far the air may drift from the wall clock before the timestamps are set again.</summary>
    public static readonly TimeSpan MaxDrift = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly int _inputSampleRate;
    private bool _anchored;
    private DateTimeOffset _anchorTime;
    private long _anchorBusFrame;

    public HlsOutput(HlsOptions options, int inputSampleRate, int inputChannels, TimeProvider time, Action<HlsSegmentAudio> completed)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _inputSampleRate = inputSampleRate;
        FramesPerSegment = FramesPer(options);
        _renditions = [.. options.Renditions.Select((r, i) => new HlsRenditionEncoder(i, r, inputSampleRate, inputChannels, FramesPerSegment, completed))];
    }

    public int FramesPerSegment { get; }

    public IReadOnlyList<HlsRenditionEncoder> Renditions => _renditions;

    /// <summary>MP3 frames per segment: the target length in whole frames (within half a frame, about 0.3 % of 4 s).</summary>
    public static int FramesPer(HlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double frame = options.Renditions.Count > 0 ? options.Renditions[0].FrameSeconds : 1152.0 / 44100;
        return Math.Max(1, (int)Math.Round(options.SegmentSeconds / frame));
    }

    public void Write(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var now = _time.GetUtcNow();
        if (!_anchored)
        {
            Anchor(now, block.FirstFrame);
            _anchored = true;
        }
        else if ((now - (_anchorTime + TimeSpan.FromSeconds((double)(block.FirstFrame - _anchorBusFrame) / _inputSampleRate))).Duration() > MaxDrift)
        {
            foreach (var r in _renditions)
            {
                r.Break();
            }

            Anchor(now, block.FirstFrame);
        }

        foreach (var r in _renditions)
        {
            r.Write(block);
        }
    }

    private void Anchor(DateTimeOffset now, long busFrame)
    {
        long pts = now.ToUnixTimeMilliseconds() * 90L % MpegTsWriter.TimestampModulus;
        foreach (var r in _renditions)
        {
            r.Anchor(now, pts);
        }

        _anchorTime = now;
        _anchorBusFrame = busFrame;
    }

    /// <summary>An operator's title (<c>/admin/metadata</c>): tagged at the next frame of every rendition.</summary>
    public void OverrideTitle(StreamTitle title)
    {
        foreach (var r in _renditions)
        {
            r.OverrideTitle(title);
        }
    }

    public void Dispose()
    {
        foreach (var r in _renditions)
        {
            r.Dispose();
        }
    }
}
