using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Opus;

namespace RadioServer.Streaming.Tests.Opus;

public class OpusMountEncoderAllocationTests
{
    [Theory]
    [InlineData(48000, 2)] // the bus at Opus's rate: no resampling
    [InlineData(44100, 2)] // the station default: Speex resampling to 48 kHz
    [InlineData(44100, 1)] // downmix to mono as well
    public void Write_SteadyState_AllocatesOnlyThePublishedChunks(int rate, int outChannels)
    {
        // Bound: the published chunks and nothing else, i.e. per block at most what its chunks need (each
        // chunk's own array plus its BroadcastChunk, Allocations.PublishedCost). The broadcast buffer
        // shares chunks with every listener lock-free, so each must be an immutable array of its own; packets,
        // pages and headers are built in reused scratch. A fake packet encoder stands in for the codec: Concentus,
        // the fallback, allocates ~110 KB per 20 ms packet by itself, which would hide ours (libopus: the test below).
        var buffer = new BroadcastBuffer(100_000_000, TimeSpan.FromMilliseconds(500), maxChunks: 1 << 16);
        using var encoder = new OpusMountEncoder(new OpusEncoderSettings(rate, 2, outChannels, 64), buffer, TimeSpan.FromMilliseconds(100), static () => new FakePacketEncoder());
        var feed = new BlockFeed(encoder, rate);
        long excess = Allocations.SteadyExcessOverPublished(feed, buffer, warmUp: 400, iterations: 200); // 20 s warm-up, rounds of 10 s

        Assert.True(excess <= 0, $"{excess} bytes per 10 s beyond the published chunks");
    }

    [Theory]
    [InlineData(44100, 2)]
    [InlineData(44100, 1)]
    public void Write_SteadyStateWithLibOpus_AllocatesOnlyThePublishedChunks(int rate, int outChannels)
    {
        // The station's own codec where libopus is installed (scripts/test.sh installs it): the whole mount, codec
        // included, allocates nothing but what it publishes. Concentus, the fallback, allocates ~110 KB per packet.
        var settings = new OpusEncoderSettings(rate, 2, outChannels, 64);
        var buffer = new BroadcastBuffer(100_000_000, TimeSpan.FromMilliseconds(500), maxChunks: 1 << 16);
        using var encoder = new OpusMountEncoder(settings, buffer, TimeSpan.FromMilliseconds(100), () => new LibOpusPacketEncoder(outChannels, settings));
        var feed = new BlockFeed(encoder, rate);
        long excess = Allocations.SteadyExcessOverPublished(feed, buffer, warmUp: 400, iterations: 200);

        Assert.True(excess <= 0, $"{excess} bytes per 10 s beyond the published chunks");
    }

    /// <summary>Stands in for a codec: a fixed 160-byte packet (64 kbps), allocating nothing.</summary>
    private sealed class FakePacketEncoder : IOpusPacketEncoder
    {
        public int Lookahead => 312;

        public string Name => "fake";

        public int Encode(ReadOnlySpan<float> frame, int frameSamples, Span<byte> packet)
        {
            packet[..160].Fill((byte)frameSamples);
            return 160;
        }

        public void Dispose()
        {
        }
    }
}
