using System.Buffers.Binary;
using System.Text;
using Concentus;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Formats;

namespace RadioServer.Playout.Live;

/// <summary>
/// Decodes a live Ogg Opus stream (RFC 7845) from a source client (butt, Mixxx, ffmpeg, Liquidsoap): Ogg pages are
/// cut into packets (<see cref="OggPacketReader"/>), the OpusHead packet gives the channels and the pre-skip, OpusTags
/// gives the title (TITLE/ARTIST comments, shown to listeners), and audio packets are decoded with Concentus at 48 kHz
/// and converted to the station format. A new logical stream (the next song) starts over with its own header.
/// Ogg Vorbis is refused with a clear error (no Vorbis decoder among our dependencies).
/// </summary>
public sealed class LiveOggOpusDecoder : ILiveDecoder
{
    private const int OpusRate = 48000;
    private const int MaxFrameSamples = 5760; // 120 ms at 48 kHz, the longest Opus packet
    private readonly StationFormat _format;
    private readonly LiveInput _input;
    private readonly OggPacketReader _reader = new();
    private float[] _pcm = new float[MaxFrameSamples * 2];
    private IOpusDecoder? _decoder;
    private LivePcmConverter? _converter;
    private int _channels;
    private int _preSkipLeft;
    private int _headerPackets;
    private long _streamDecoded; // samples decoded in this logical stream, pre-skip included (what the granule counts)

    /// <param name="input">Receives the audio and, from each stream's comments, the title.</param>
    public LiveOggOpusDecoder(StationFormat format, LiveInput input)
    {
        _format = format;
        _input = input;
    }

    public long FramesDecoded { get; private set; }

    public void Push(ReadOnlySpan<byte> data) => _reader.Push(data, OnPacket);

    private void OnPacket(ReadOnlySpan<byte> packet, bool beginsStream, long endGranule)
    {
        if (beginsStream)
        {
            StartStream(packet);
            return;
        }

        if (_decoder is null)
        {
            return; // the middle of a stream whose head we never saw
        }

        if (_headerPackets == 1)
        {
            _headerPackets = 2;
            if (packet.StartsWith("OpusTags"u8))
            {
                ReadTags(packet);
                return;
            }
        }

        int samples;
        try
        {
            samples = _decoder.Decode(packet, _pcm, MaxFrameSamples, false);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException or OpusException)
        {
            return; // a corrupt packet: skip it, as a player would
        }

        FramesDecoded++;
        if (endGranule >= 0)
        {
            // The stream's last packet: its granule says how many samples are real; the rest is the encoder's flush.
            samples = (int)Math.Clamp(endGranule - _streamDecoded, 0, samples);
        }

        _streamDecoded += samples;
        int skip = Math.Min(_preSkipLeft, samples);
        _preSkipLeft -= skip;
        if (samples > skip)
        {
            _converter!.Write(_pcm.AsSpan(skip * _channels, (samples - skip) * _channels));
        }
    }

    private void StartStream(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("\u0001vorbis"u8))
        {
            throw new InvalidDataException("the source sends Ogg Vorbis, which this station does not decode; send Opus (Ogg) or MP3");
        }

        if (head.Length < 19 || !head.StartsWith("OpusHead"u8))
        {
            throw new InvalidDataException("the Ogg stream does not carry Opus (no OpusHead packet)");
        }

        int channels = head[9];
        if (channels is < 1 or > 2 || head[18] != 0)
        {
            throw new InvalidDataException($"Opus with {channels} channels (mapping family {head[18]}) is not supported; send mono or stereo");
        }

        _preSkipLeft = BinaryPrimitives.ReadUInt16LittleEndian(head[10..]);
        _streamDecoded = 0;
        if (_decoder is null || channels != _channels)
        {
            _channels = channels;
            _decoder = OpusCodecFactory.CreateDecoder(OpusRate, channels);
            _converter = new LivePcmConverter(_format, _input.Audio, OpusRate, channels);
            _pcm = new float[MaxFrameSamples * channels];
        }
        else
        {
            _decoder.ResetState();
        }

        _headerPackets = 1;
    }

    /// <summary>Vorbis comments: TITLE and ARTIST name the live show's current song for listeners.</summary>
    private void ReadTags(ReadOnlySpan<byte> tags)
    {
        try
        {
            int at = 8;
            int vendor = BinaryPrimitives.ReadInt32LittleEndian(tags[at..]);
            at += 4 + vendor;
            int count = BinaryPrimitives.ReadInt32LittleEndian(tags[at..]);
            at += 4;
            string? title = null, artist = null;
            for (int i = 0; i < count; i++)
            {
                int length = BinaryPrimitives.ReadInt32LittleEndian(tags[at..]);
                string comment = Encoding.UTF8.GetString(tags.Slice(at + 4, length));
                at += 4 + length;
                int eq = comment.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                string key = comment[..eq].ToUpperInvariant();
                string value = comment[(eq + 1)..].Trim();
                if (key == "TITLE" && value.Length > 0)
                {
                    title = value;
                }
                else if (key == "ARTIST" && value.Length > 0)
                {
                    artist = value;
                }
            }

            if (title is not null)
            {
                _input.SetTitle(artist, title);
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            // A truncated comment header: keep the title the source announced (ice-name).
        }
    }
}
