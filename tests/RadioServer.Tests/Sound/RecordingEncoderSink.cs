using RadioServer.Playout.Bus;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Tests.Sound;

/// <summary>Keeps every PCM sample of the bus and the track starts, and encodes the bus to MP3 as a mount would.</summary>
internal sealed class RecordingEncoderSink(LameEncoderSettings? settings = null) : IPcmSink, IDisposable
{
    private readonly LameMp3Encoder _encoder = new(settings ?? new LameEncoderSettings(44100, 2, 44100, 2, 192, 2));
    private readonly MemoryStream _mp3 = new();

    public List<float> Pcm { get; } = [];

    public List<TrackStart> Starts { get; } = [];

    public void Write(PcmBlock block)
    {
        Pcm.AddRange(block.Samples);
        Starts.AddRange(block.TrackStarts);
        _mp3.Write(_encoder.Encode(block.Samples));
    }

    public byte[] Mp3()
    {
        _mp3.Write(_encoder.Flush());
        return _mp3.ToArray();
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _mp3.Dispose();
    }
}
