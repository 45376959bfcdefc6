using RadioServer.Playout.Formats;
using RadioServer.Streaming.Mp3;
using RadioServer.TestSupport;

namespace RadioServer.Streaming.Tests.Mp3;

public class LameMp3EncoderTests
{
    [Theory]
    [InlineData(44100, 2, 44100, 2, 128, 1152)]
    [InlineData(44100, 2, 22050, 1, 32, 576)]
    [InlineData(44100, 1, 44100, 1, 64, 1152)]
    public void Encode_Sine_DecodesBackToSameToneAtConfiguredShape(int inRate, int inCh, int outRate, int outCh, int kbps, int frameSamples)
    {
        using var encoder = new LameMp3Encoder(new LameEncoderSettings(inRate, inCh, outRate, outCh, kbps));
        Assert.Equal(frameSamples, encoder.SamplesPerFrame);
        var pcm = ToneAnalysis.Sine(1000, 3, inRate, inCh);
        var mp3 = new MemoryStream();
        for (int i = 0; i < pcm.Length; i += 4410 * inCh)
        {
            mp3.Write(encoder.Encode(pcm.AsSpan(i, Math.Min(4410 * inCh, pcm.Length - i))));
        }

        mp3.Write(encoder.Flush());
        byte[] bytes = mp3.ToArray();
        Assert.True(Mp3FrameHeader.TryParse(bytes, out var header));
        Assert.Equal((outRate, outCh, kbps), (header.SampleRate, header.Channels, header.BitrateKbps));
        Assert.InRange(bytes.Length, kbps * 1000 / 8 * 2.9, kbps * 1000 / 8 * 3.3);

        var (mono, rate) = ToneAnalysis.DecodeToMono(bytes);
        Assert.Equal(outRate, rate);
        var middle = mono.AsSpan(mono.Length / 2, 4096);
        Assert.True(ToneAnalysis.Power(middle, 1000, rate) > 100 * ToneAnalysis.Power(middle, 1500, rate));
    }

    [Fact]
    public void Splitter_ArbitraryPieces_YieldsWholeFramesOnly()
    {
        using var encoder = new LameMp3Encoder(new LameEncoderSettings(44100, 2, 44100, 2, 128));
        var pcm = ToneAnalysis.Sine(440, 2);
        byte[] encoded = encoder.Encode(pcm).ToArray(); // the span is only valid until the next call
        byte[] mp3 = [.. encoded, .. encoder.Flush()];
        var splitter = new Mp3FrameSplitter();
        var frames = new List<int>();
        var rng = new Random(3);
        for (int pos = 0; pos < mp3.Length;)
        {
            int n = Math.Min(rng.Next(1, 900), mp3.Length - pos);
            splitter.Push(mp3.AsSpan(pos, n), frames, static (frame, header, list) =>
            {
                Assert.Equal(header.FrameLength, frame.Length);
                list.Add(frame.Length);
            });
            pos += n;
        }

        Assert.Equal(mp3.Length, frames.Sum());
        Assert.Equal(0, splitter.BytesDiscarded);

    }
}
