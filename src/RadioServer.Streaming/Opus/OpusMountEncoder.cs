using Concentus;
using RadioServer.Playout.Bus;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Ogg;

namespace RadioServer.Streaming.Opus;

/// <summary>
/// One Ogg Opus mount: resamples the PCM bus to 48 kHz (Speex resampler from Concentus), encodes 20 ms Opus packets
/// with libopus (Concentus's managed encoder below 48 kbps or where libopus is missing: <see cref="OpusPacketEncoders"/>),
/// and pages them into Ogg. Titles travel in-band: at a track change the current logical stream ends (EOS) and a new one
/// starts (new serial, OpusHead, OpusTags with ARTIST/TITLE), the way Icecast sources chain Ogg streams; every chunk
/// carries its stream's header pages so a listener joining mid-stream gets them first. Each logical stream has its own
/// encoder (RFC 7845: a decoder starts afresh at each chained stream, so packets must not depend on the previous
/// stream's state, or every title change clicks): the old encoder is flushed with one frame of silence and the final
/// granule position trims it to the exact last sample; the new one starts with the encoder's pre-skip. The decoded
/// audio runs on across the chain without a gap.
/// </summary>
public sealed class OpusMountEncoder : IMountEncoder
{
    private const int Rate = 48000;
    private const int FrameSamples = 960; // 20 ms
    private const int MaxPacket = 4000; // room offered to the encoder per packet (Opus itself stays under 1,300 bytes)
    private readonly Func<IOpusPacketEncoder> _createEncoder;
    private IOpusPacketEncoder _encoder;
    private readonly IResampler? _resampler;
    private readonly int _inChannels;
    private readonly int _outChannels;
    private readonly int _packetsPerPage;
    private readonly float[] _frame;
    private readonly float[] _silence;
    private readonly int[] _packetLengths = new int[OggPageWriter.MaxSegments];
    private byte[] _pageData = new byte[4 * MaxPacket]; // the packets of the page being filled, back to back
    private int _pageFill;
    private int _packetCount;
    private int _pageSegments;
    private readonly TitleSchedule _titles;
    private float[] _mixed = [];
    private float[] _resampled = [];
    private int _frameFill;
    private long _packetIndex;
    private long _granule;
    private long _streamSamples; // input samples the current stream's encoder has taken
    private OggPageWriter? _page;
    private StreamPreamble? _preamble;       // header pages, for chunks that do not begin with them
    private StreamPreamble? _inlinePreamble; // the same, for the stream's first chunk, which carries them inline
    private bool _freshStream;
    private StreamTitle _title = StreamTitle.Empty;
    private readonly double _rateRatio;

    public OpusMountEncoder(OpusEncoderSettings settings, BroadcastBuffer buffer, TimeSpan chunkDuration)
        : this(settings, buffer, chunkDuration, null)
    {
    }

    /// <param name="createEncoder">Makes the packet encoder of each logical stream (<see cref="OpusPacketEncoders.Create"/> unless a test substitutes one).</param>
    internal OpusMountEncoder(OpusEncoderSettings settings, BroadcastBuffer buffer, TimeSpan chunkDuration, Func<IOpusPacketEncoder>? createEncoder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Buffer = buffer;
        _inChannels = settings.InputChannels;
        _outChannels = settings.OutputChannels;
        _createEncoder = createEncoder ?? (() => OpusPacketEncoders.Create(_outChannels, Settings));
        _encoder = _createEncoder();
        if (settings.InputSampleRate != Rate)
        {
            _resampler = ResamplerFactory.CreateResampler(_outChannels, settings.InputSampleRate, Rate, 5, null);
        }

        _rateRatio = (double)Rate / settings.InputSampleRate;
        _frame = new float[FrameSamples * _outChannels];
        _silence = new float[FrameSamples * _outChannels];
        _packetsPerPage = Math.Clamp((int)Math.Round(chunkDuration.TotalMilliseconds / 20), 1, 50);
        Lookahead = _encoder.Lookahead;
        // Each stream's pre-skip hides its encoder's delay, so a title changes on the frame holding the track's first sample.
        _titles = new TitleSchedule(_rateRatio, 0, FrameSamples);
    }

    public OpusEncoderSettings Settings { get; }

    public BroadcastBuffer Buffer { get; }

    /// <summary>Encoder delay in 48 kHz samples: the Ogg pre-skip of every logical stream.</summary>
    public int Lookahead { get; }

    public StreamTitle CurrentTitle => _title;

    public double EncodedSeconds => (double)_packetIndex * FrameSamples / Rate;

    public void OverrideTitle(StreamTitle title) => _titles.Override(title);

    public void Write(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _titles.Collect(block, _packetIndex);
        ReadOnlySpan<float> input = Mix(block.Samples);
        if (_resampler is not null)
        {
            input = Resample(input);
        }

        while (!input.IsEmpty)
        {
            int take = Math.Min(input.Length, _frame.Length - (_frameFill * _outChannels));
            input[..take].CopyTo(_frame.AsSpan(_frameFill * _outChannels));
            _frameFill += take / _outChannels;
            input = input[take..];
            if (_frameFill == FrameSamples)
            {
                EncodeFrame();
                _frameFill = 0;
            }
        }
    }

    private ReadOnlySpan<float> Mix(ReadOnlySpan<float> samples)
    {
        if (_inChannels == _outChannels)
        {
            return samples;
        }

        int frames = samples.Length / _inChannels;
        if (_mixed.Length < frames * _outChannels)
        {
            _mixed = new float[frames * _outChannels];
        }

        for (int i = 0; i < frames; i++)
        {
            if (_outChannels == 1)
            {
                _mixed[i] = 0.5f * (samples[2 * i] + samples[(2 * i) + 1]);
            }
            else
            {
                _mixed[2 * i] = samples[i];
                _mixed[(2 * i) + 1] = samples[i];
            }
        }

        return _mixed.AsSpan(0, frames * _outChannels);
    }

    private ReadOnlySpan<float> Resample(ReadOnlySpan<float> samples)
    {
        int inFrames = samples.Length / _outChannels;
        int capacity = (int)(inFrames * _rateRatio) + 64;
        if (_resampled.Length < capacity * _outChannels)
        {
            _resampled = new float[capacity * _outChannels];
        }

        // Speex takes a writable span; the bus block is read-only and small, so copy it into the mix buffer.
        if (_mixed.Length < samples.Length)
        {
            _mixed = new float[samples.Length];
        }

        if (!samples.Overlaps(_mixed))
        {
            samples.CopyTo(_mixed);
        }

        int inLen = inFrames;
        int outLen = capacity;
        _resampler!.ProcessInterleaved(_mixed.AsSpan(0, samples.Length), ref inLen, _resampled.AsSpan(0, capacity * _outChannels), ref outLen);
        return _resampled.AsSpan(0, outLen * _outChannels);
    }

    private void EncodeFrame()
    {
        bool titleChanges = _titles.TryTake(_packetIndex, out var newTitle);
        if (titleChanges || _page is null)
        {
            StartStream(titleChanges ? newTitle : _title);
        }

        AddPacket(_frame);
        _packetIndex++;
        _granule += FrameSamples;
        _streamSamples += FrameSamples;
        if (_packetCount >= _packetsPerPage)
        {
            EmitPage(eos: false, _granule, _packetCount);
        }
    }

    /// <summary>
    /// Encodes one frame straight into the page scratch (no per-packet array). A page full of lacing values is
    /// published first; that only happens at very high bitrates with long chunks.
    /// </summary>
    private void AddPacket(ReadOnlySpan<float> pcm)
    {
        if (_pageData.Length - _pageFill < MaxPacket)
        {
            Array.Resize(ref _pageData, _pageData.Length * 2); // warm-up only: the page scratch settles at its working size
        }

        int length = _encoder.Encode(pcm, FrameSamples, _pageData.AsSpan(_pageFill, MaxPacket));
        int segments = OggPageWriter.Segments(length);
        if (_pageSegments + segments > OggPageWriter.MaxSegments)
        {
            int at = _pageFill;
            EmitPage(eos: false, _granule, _packetCount);
            _pageData.AsSpan(at, length).CopyTo(_pageData);
        }

        _packetLengths[_packetCount++] = length;
        _pageFill += length;
        _pageSegments += segments;
    }

    /// <summary>Ends the current logical stream (if any) and starts a new one with <paramref name="title"/>.</summary>
    private void StartStream(StreamTitle title)
    {
        if (_page is not null)
        {
            // Flush the old encoder's delayed samples with a frame of silence; the final granule (pre-skip + every
            // input sample) tells the decoder to drop the silence, so the stream ends on its last real sample.
            // The final page still belongs to the old title, and is its own chunk.
            AddPacket(_silence);
            EmitPage(eos: true, Lookahead + _streamSamples, audioPackets: _packetCount - 1);
            _encoder.Dispose();
            _encoder = _createEncoder();
        }

        _title = title;
        _page = new OggPageWriter(Random.Shared.Next());
        _granule = 0;
        _streamSamples = 0;
        byte[] head = _page.Page([OpusHeaders.Head(_outChannels, Lookahead, Settings.InputSampleRate)], 0, bos: true);
        byte[] tags = _page.Page([OpusHeaders.Tags(_title.Artist, _title.Title, $"{OpusHeaders.Vendor} ({_encoder.Name})")], 0);
        byte[] headers = [.. head, .. tags];
        _preamble = new StreamPreamble(headers, StartsWithIt: false);
        _inlinePreamble = new StreamPreamble(headers, StartsWithIt: true);
        _freshStream = true;
    }

    /// <summary>
    /// Publishes the packets gathered so far as one page. The chunk array is the only allocation of the steady
    /// state: the broadcast buffer shares chunks with every listener, so each must be immutable and its own.
    /// </summary>
    private void EmitPage(bool eos, long granule, int audioPackets)
    {
        var lengths = _packetLengths.AsSpan(0, _packetCount);
        int headers = _freshStream ? _preamble!.Headers.Length : 0;
        var chunk = new byte[headers + OggPageWriter.PageSize(lengths)];
        if (_freshStream)
        {
            _preamble!.Headers.Span.CopyTo(chunk); // the first chunk of a logical stream carries its header pages inline
        }

        _page!.Write(chunk.AsSpan(headers), _pageData.AsSpan(0, _pageFill), lengths, granule, eos: eos);
        Buffer.Append(chunk, _title, TimeSpan.FromMilliseconds(20 * audioPackets), _freshStream ? _inlinePreamble : _preamble);
        _freshStream = false;
        _pageFill = 0;
        _packetCount = 0;
        _pageSegments = 0;
    }

    public void Dispose() => _encoder.Dispose();
}
