using RadioServer.Streaming.Broadcast;
using RadioServer.Streaming.Mp3;

namespace RadioServer.Streaming.Tests.Mp3;

public class Mp3MountEncoderAllocationTests
{
    [Theory]
    [InlineData(44100, 2, 128)] // /stream.mp3
    [InlineData(22050, 1, 32)]  // /mobile.mp3: LAME resamples natively, nothing managed
    public void Write_SteadyState_AllocatesOnlyThePublishedChunks(int outRate, int outChannels, int kbps)
    {
        // Bound: the published chunks and nothing else, i.e. per block at most what its chunks need (each
        // chunk's own array plus its BroadcastChunk, Allocations.PublishedCost). LAME writes into a
        // reused output array, and the frame splitter and chunk scratch are reused; the chunk array is the
        // one copy the broadcast buffer needs, since listeners share it lock-free and it must never change.
        var buffer = new BroadcastBuffer(100_000_000, TimeSpan.FromMilliseconds(500), maxChunks: 1 << 16);
        using var encoder = new Mp3MountEncoder(new LameEncoderSettings(44100, 2, outRate, outChannels, kbps), buffer, TimeSpan.FromMilliseconds(100));
        var feed = new BlockFeed(encoder, 44100);
        long excess = Allocations.SteadyExcessOverPublished(feed, buffer, warmUp: 400, iterations: 200); // 20 s warm-up, rounds of 10 s

        Assert.True(excess <= 0, $"{excess} bytes per 10 s beyond the published chunks");
    }
}
