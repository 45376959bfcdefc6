using Concentus.Structs;
using RadioServer.Streaming.Opus;

namespace RadioServer.Streaming.Tests.Opus;

/// <summary>
/// Debian's libopus behind <see cref="IOpusPacketEncoder"/> (scripts/test.sh installs libopus0, as the station's
/// scripts do). Its packets are decoded with Concentus's managed decoder: a second, independent implementation.
/// </summary>
public class LibOpusPacketEncoderTests
{
    private const int Rate = 48000;
    private const int FrameSamples = 960;

    [Fact]
    public void Station_EncodesWithLibOpus_FromItsMinimumBitrate()
    {
        Assert.True(OpusPacketEncoders.UsesLibOpus(48), "libopus.so.0 did not load: scripts/test.sh installs libopus0; without it the Ogg mounts fall back to Concentus");
        using var encoder = OpusPacketEncoders.Create(2, new OpusEncoderSettings(Rate, 2, 2, 48));
        Assert.IsType<LibOpusPacketEncoder>(encoder);
        Assert.StartsWith("libopus 1.", encoder.Name, StringComparison.Ordinal);
        Assert.Equal(OpusPacketEncoders.Describe(48), encoder.Name);

        using var low = OpusPacketEncoders.Create(1, new OpusEncoderSettings(Rate, 2, 1, 24));
        Assert.IsType<ConcentusPacketEncoder>(low);
        Assert.Contains("Concentus", OpusPacketEncoders.Describe(24), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 96)]
    [InlineData(1, 48)]
    public void Encode_Sine_DecodesBackToTheSameSineAfterThePreSkip(int channels, int kbps)
    {
        using var encoder = new LibOpusPacketEncoder(channels, new OpusEncoderSettings(Rate, channels, channels, kbps));
        Assert.InRange(encoder.Lookahead, 120, 960); // libopus reports its delay (312 for this application at 48 kHz)
#pragma warning disable CS0618 // the managed decoder explicitly: an implementation independent of the encoder's
        var decoder = new OpusDecoder(Rate, channels);
#pragma warning restore CS0618
        const int frames = 100; // 2 s
        var input = new float[frames * FrameSamples * channels];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = 0.5f * MathF.Sin(2 * MathF.PI * 1000 * (i / channels) / Rate);
        }

        var output = new float[input.Length];
        var packet = new byte[4000];
        for (int f = 0; f < frames; f++)
        {
            int length = encoder.Encode(input.AsSpan(f * FrameSamples * channels, FrameSamples * channels), FrameSamples, packet);
            Assert.InRange(length, 1, 1275);
            int decoded = decoder.Decode(packet.AsSpan(0, length), output.AsSpan(f * FrameSamples * channels), FrameSamples);
            Assert.Equal(FrameSamples, decoded);
        }

        // Output sample n + pre-skip is input sample n. Over the second second (the encoder settled): the same wave.
        int shift = encoder.Lookahead * channels;
        int from = Rate * channels;
        int count = (Rate / 2) * channels;
        double dot = 0, inEnergy = 0, outEnergy = 0;
        for (int i = from; i < from + count; i++)
        {
            dot += input[i] * output[i + shift];
            inEnergy += input[i] * input[i];
            outEnergy += output[i + shift] * output[i + shift];
        }

        double correlation = dot / Math.Sqrt(inEnergy * outEnergy);
        Assert.True(correlation > 0.98, $"correlation {correlation:F4} between the input and the decoded output");
        double gainDb = 10 * Math.Log10(outEnergy / inEnergy);
        Assert.InRange(gainDb, -1.0, 1.0);
    }

    [Fact]
    public void Encode_SteadyState_AllocatesNothing()
    {
        using var encoder = new LibOpusPacketEncoder(2, new OpusEncoderSettings(Rate, 2, 2, 64));
        var frame = new float[FrameSamples * 2];
        var packet = new byte[4000];
        int n = 0;
        long bytes = Allocations.MeasureSteady((encoder, frame, packet), state =>
        {
            state.frame[n++ % state.frame.Length] = 0.25f; // a changing signal, so every packet is coded afresh
            state.encoder.Encode(state.frame, FrameSamples, state.packet);
        }, warmUp: 50, iterations: 500);

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Encode_TooFewSamples_Throws()
    {
        using var encoder = new LibOpusPacketEncoder(2, new OpusEncoderSettings(Rate, 2, 2, 64));
        Assert.Throws<ArgumentException>(() => encoder.Encode(new float[FrameSamples], FrameSamples, new byte[4000]));
    }
}
