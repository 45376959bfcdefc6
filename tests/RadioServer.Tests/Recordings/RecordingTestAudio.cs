using RadioServer.Playout.Formats;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Icy;
using RadioServer.Streaming.Mp3;
using RadioServer.TestSupport;

namespace RadioServer.Tests.Recordings;

/// <summary>A mount's broadcast chunks made by hand: LAME-encoded tone, cut into whole frames, about 100 ms a chunk.</summary>
internal static class RecordingTestAudio
{
    public sealed record Chunk(byte[] Data, TimeSpan Duration);

    /// <summary><paramref name="seconds"/> of a tone as chunks of four MP3 frames (128 kbps, 44.1 kHz stereo).</summary>
    public static List<Chunk> Tone(double seconds, double frequency = 440)
    {
        using var encoder = new LameMp3Encoder(new LameEncoderSettings(44100, 2, 44100, 2, 128));
        var frames = new List<byte[]>();
        var splitter = new Mp3FrameSplitter();
        var pcm = ToneAnalysis.Sine(frequency, seconds, 44100, 2);
        splitter.Push(encoder.Encode(pcm), frames, static (frame, _, list) => list.Add(frame.ToArray()));
        splitter.Push(encoder.Flush(), frames, static (frame, _, list) => list.Add(frame.ToArray()));
        var frame = TimeSpan.FromSeconds(1152.0 / 44100);
        return [.. frames.Chunk(4).Select(c => new Chunk([.. c.SelectMany(f => f)], frame * c.Length))];
    }

    /// <summary>Appends <paramref name="chunks"/> to <paramref name="buffer"/>, all under <paramref name="title"/>.</summary>
    public static void Append(BroadcastBuffer buffer, IEnumerable<Chunk> chunks, StreamTitle title)
    {
        foreach (var c in chunks)
        {
            buffer.Append(c.Data, title, c.Duration);
        }
    }

    public static BroadcastBuffer Buffer() => new(16L << 20, TimeSpan.FromMilliseconds(100));
}
