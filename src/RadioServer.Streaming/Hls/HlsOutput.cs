using RadioServer.Playout.Bus;
using RadioServer.Streaming.Icy;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// The HLS output: one sink of the PCM bus feeding every rendition's encoder with the same blocks, so their segments
/// cover the same instants and carry the same sequence numbers (numbered here, once for all). Air times come from the
/// station's <see cref="Playout.Clock.AirClock"/>, as now-playing's do, and the 90 kHz timestamps count from the same
/// instants (Unix time, modulo 2^33), so a restarted station's timestamps go on from where the wall clock is. When the
/// air clock is anchored again (a stall longer than the playout clock catches up from), the renditions end their
/// segment and the next follows a discontinuity, so program dates stay true and a rewind lands where the history says.
/// </summary>
public sealed class HlsOutput : IPcmSink, IDisposable
{
    private readonly HlsRenditionEncoder[] _renditions;
    private readonly Playout.Clock.AirClock _air;
    private long _generation = -1;

    /// <param name="firstSequence">The number of the first segment (the store's next, so numbering goes on across restarts).</param>
    public HlsOutput(HlsOptions options, int inputSampleRate, int inputChannels, Playout.Clock.AirClock air, long firstSequence, Action<HlsSegmentAudio> completed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(air);
        _air = air;
        FramesPerSegment = FramesPer(options);
        _renditions = [.. options.Renditions.Select((r, i) => new HlsRenditionEncoder(i, r, inputSampleRate, inputChannels, FramesPerSegment, firstSequence, completed))];
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
        if (_air.Generation != _generation)
        {
            if (_generation >= 0)
            {
                // Every rendition ends its segment here and numbers the next alike, whatever LAME still held back in each.
                long next = 0;
                foreach (var r in _renditions)
                {
                    next = Math.Max(next, r.Break());
                }

                foreach (var r in _renditions)
                {
                    r.NextSequence = next;
                }
            }

            var now = _air.TimeOf(block.FirstFrame);
            long pts = now.ToUnixTimeMilliseconds() * 90L % MpegTsWriter.TimestampModulus;
            foreach (var r in _renditions)
            {
                r.Anchor(now, pts);
            }

            _generation = _air.Generation;
        }

        foreach (var r in _renditions)
        {
            r.Write(block);
        }
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
