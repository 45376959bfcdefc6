using RadioServer.Playout.Bus;
using RadioServer.Playout.Library;
using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mp3;
using RadioServer.TestSupport;

namespace RadioServer.Streaming.Tests.Mp3;

public class Mp3MountEncoderTests
{
    [Fact]
    public void Write_TrackStartMidBlock_NewTitleChunkStartsAtTheFrameWhereItsAudioStarts()
    {
        var buffer = new BroadcastBuffer(10_000_000, TimeSpan.FromMilliseconds(500));
        using var encoder = new Mp3MountEncoder(new LameEncoderSettings(44100, 2, 44100, 2, 128), buffer, TimeSpan.FromMilliseconds(100));
        const long toneStart = 44100 + 777;
        var tone = ToneAnalysis.Sine(880, 3);
        var block = new PcmBlock(2205, 2);
        for (long first = 0; first < 44100 * 3; first += 2205)
        {
            block.Reset(first);
            if (first == 0)
            {
                block.AddTrackStart(Start(0, "Silence"));
            }

            if (toneStart >= first && toneStart < first + 2205)
            {
                block.AddTrackStart(Start(toneStart, "Tone"));
            }

            for (int i = 0; i < 2205; i++)
            {
                long frame = first + i;
                float v = frame >= toneStart ? tone[(frame - toneStart) * 2] : 0f;
                block.Buffer[2 * i] = v;
                block.Buffer[(2 * i) + 1] = v;
            }

            encoder.Write(block);
        }

        var stream = new MemoryStream();
        long toneChunkOffset = -1;
        for (long seq = buffer.Tail; buffer.TryRead(seq, out var chunk) == ChunkRead.Ok; seq++)
        {
            if (toneChunkOffset < 0 && chunk!.Title.Text == "Tone")
            {
                toneChunkOffset = stream.Length;
            }

            stream.Write(chunk!.Data.Span);
        }

        Assert.True(toneChunkOffset > 0);
        long toneFrameIndex = CountFrames(stream.ToArray(), toneChunkOffset);
        var (mono, _) = ToneAnalysis.DecodeToMono(stream.ToArray());
        int heard = ToneAnalysis.FirstSampleOf(mono, 44100, 880, 440);
        // A decoder outputs frame k from sample k × 1152 on, delayed by the 529-sample synthesis filter.
        double frameOfAudio = (heard - 529) / 1152.0;
        Assert.InRange(toneFrameIndex, frameOfAudio - 1, frameOfAudio + 1); // within one frame (26 ms)
    }

    private static TrackStart Start(long frame, string title) =>
        new(frame, new PlayoutItem(new TrackInfo($"/{title}.mp3", null, title, null), "test"), null);

    /// <summary>Frames before <paramref name="offset"/>; fails if the offset is not on a frame boundary.</summary>
    private static long CountFrames(byte[] mp3, long offset)
    {
        long pos = 0, frames = 0;
        while (pos < offset)
        {
            Assert.True(Playout.Formats.Mp3FrameHeader.TryParse(mp3.AsSpan((int)pos), out var h));
            pos += h.FrameLength;
            frames++;
        }

        Assert.Equal(offset, pos);
        return frames;
    }
}
