using RadioServer.Playout.Bus;
using RadioServer.Playout.Formats;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Streaming.Hls;

/// <summary>
/// One HLS rendition's encoder: LAME without a bit reservoir (so every segment decodes alone), its output cut into
/// whole frames and gathered into MPEG-TS segments of a fixed number of frames (<see cref="MpegTsWriter"/>): PES of a
/// few frames, each with its timestamp, and an ID3 title tag in the metadata stream at the frame where an item's first
/// sample lands (found with the mapping Icecast mounts use for their titles). Timestamps are air times on a 90 kHz
/// clock. Runs on the playout thread; a finished segment is handed on at once (<see cref="HlsSegmentAudio"/>) and
/// written to disk elsewhere.
/// </summary>
public sealed class HlsRenditionEncoder : IDisposable
{
    private readonly int _index;
    private readonly LameMp3Encoder _encoder;
    private readonly Mp3FrameSplitter _splitter = new();
    private readonly TitleSchedule _titles;
    private readonly int _framesPerSegment;
    private readonly double _sampleRate;
    private readonly Action<HlsSegmentAudio> _completed;
    private readonly MpegTsWriter _ts;
    private readonly int _framesPerPes;
    private readonly MemoryStream _segment = new();
    private readonly MemoryStream _pes = new();
    private long _pesFirstFrame;
    private int _pesFrames;
    private readonly double _rateRatio;
    private DateTimeOffset _anchor;
    private long _anchorPts;
    private double _anchorSample;
    private double _inputSamples;
    private bool _discontinuity;
    private long _frameIndex;
    private long _segmentFirstFrame;
    private int _segmentFrames;

    /// <param name="index">The rendition's place in <c>hls.renditions</c> (carried by its segments).</param>
    /// <param name="framesPerSegment">MP3 frames per segment (the same for every rendition).</param>
    public HlsRenditionEncoder(int index, HlsRenditionOptions options, int inputSampleRate, int inputChannels, int framesPerSegment, long firstSequence,
        Action<HlsSegmentAudio> completed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSegment, 1);
        _index = index;
        _encoder = new LameMp3Encoder(new LameEncoderSettings(inputSampleRate, inputChannels, options.SampleRate, options.Channels, options.Bitrate,
            options.Quality, IndependentFrames: true));
        _titles = new TitleSchedule((double)options.SampleRate / inputSampleRate, _encoder.EncoderDelay, _encoder.SamplesPerFrame);
        _framesPerSegment = framesPerSegment;
        _rateRatio = (double)options.SampleRate / inputSampleRate;
        _sampleRate = options.SampleRate;
        _completed = completed;
        NextSequence = firstSequence;
        _ts = new MpegTsWriter(mpeg2Audio: options.SampleRate < 32000);

        _framesPerPes = FramesPerPes(options);
        Options = options;
    }

    public HlsRenditionOptions Options { get; }

    /// <summary>
    /// Frames per PES: about half a second. Each PES costs 22 bytes of headers and half a packet of stuffing on average, so
    /// short ones cost a data-saver rendition a quarter of its bitrate (25 % with 80 ms PES, measured); at 0.5 s it is 4 %.
    /// Each carries the program clock, which MPEG asks every 100 ms for broadcast decoders; HLS players time audio by its
    /// PTS and do not use it.
    /// </summary>
    public static int FramesPerPes(HlsRenditionOptions options) => Math.Max(1, (int)(0.5 / options.FrameSeconds));

    /// <summary>The number the next segment will carry.</summary>
    public long NextSequence { get; set; }

    /// <summary>Sets the air time and 90 kHz time of the next block's first sample (before the first block, and after a break).</summary>
    public void Anchor(DateTimeOffset airTime, long pts90k)
    {
        _anchor = airTime;
        _anchorPts = pts90k;
        _anchorSample = _inputSamples;
    }

    /// <summary>
    /// The air clock was anchored again: the segment being cut ends here, short, and the next follows a discontinuity,
    /// with times from the new anchor. Returns the number the next segment would carry.
    /// </summary>
    public long Break()
    {
        if (_segmentFrames > 0)
        {
            Complete();
        }

        _discontinuity = true;
        return NextSequence;
    }

    public void OverrideTitle(StreamTitle title) => _titles.Override(title);

    public void Write(PcmBlock block)
    {
        _titles.Collect(block, _frameIndex);
        _splitter.Push(_encoder.Encode(block.Samples), this, static (frame, _, self) => self.OnFrame(frame));
        _inputSamples += block.Frames * _rateRatio;
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        if (_segmentFrames == _framesPerSegment)
        {
            Complete();
        }

        if (_segmentFrames == 0)
        {
            _segmentFirstFrame = _frameIndex;
            _ts.WriteTables(_segment);
        }

        if (_titles.TryTake(_frameIndex, out var title, out string? item))
        {
            // The item's first sample lands in this frame (LAME's delay is part of the mapping): its tag is due with it.
            FlushPes();
            var aired = AirTimeOf(_frameIndex);
            _ts.WriteId3(_segment, HlsId3.ItemStart(title.Title, title.Artist, item ?? "", aired), PtsOf(_frameIndex));
        }

        if (_pesFrames == 0)
        {
            _pesFirstFrame = _frameIndex;
        }

        _pes.Write(frame);
        _pesFrames++;
        _segmentFrames++;
        _frameIndex++;
        if (_pesFrames == _framesPerPes)
        {
            FlushPes();
        }
    }

    private void FlushPes()
    {
        if (_pesFrames == 0)
        {
            return;
        }

        _ts.WriteAudio(_segment, _pes.GetBuffer().AsSpan(0, (int)_pes.Length), PtsOf(_pesFirstFrame), randomAccess: _pesFirstFrame == _segmentFirstFrame);
        _pes.SetLength(0);
        _pesFrames = 0;
    }

    private double FrameSeconds => _encoder.SamplesPerFrame / _sampleRate;

    /// <summary>
    /// The 90 kHz time of a frame's first output sample: its air time, so that a sample of the bus plays at the same
    /// timestamp in every rendition (LAME's delay differs with the rate) and on the same clock as PROGRAM-DATE-TIME.
    /// </summary>
    private long PtsOf(long frame) => _anchorPts + (long)Math.Round(SamplesAfterAnchor(frame) * 90000.0 / _sampleRate);

    /// <summary>When the bus played a frame's first sample: the output position less LAME's delay, from the anchor.</summary>
    private DateTimeOffset AirTimeOf(long frame) => _anchor + TimeSpan.FromSeconds(SamplesAfterAnchor(frame) / _sampleRate);

    private double SamplesAfterAnchor(long frame) => (frame * _encoder.SamplesPerFrame) - _encoder.EncoderDelay - _anchorSample;

    private void Complete()
    {
        FlushPes();
        _completed(HlsSegmentAudio.Rent(_index, NextSequence++, PtsOf(_segmentFirstFrame), _segmentFrames * FrameSeconds, AirTimeOf(_segmentFirstFrame),
            _segment.GetBuffer().AsSpan(0, (int)_segment.Length), _discontinuity));
        _discontinuity = false;
        _segment.SetLength(0);
        _segmentFrames = 0;
    }

    public void Dispose() => _encoder.Dispose();
}
