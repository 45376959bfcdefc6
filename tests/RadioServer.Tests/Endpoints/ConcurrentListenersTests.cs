using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public class ConcurrentListenersTests
{
    [Fact]
    public async Task TwoHundredListeners_AllReceiveTheSameAudioBytes()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 1.5, "A", "A");
        ToneLibrary.Create(dir, "b.mp3", 770, 1.5, "B", "B");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3", "b.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // let the buffer fill past the burst length

        var connecting = Enumerable.Range(0, 200).Select(i => IcyClient.ConnectAsync(host.Mount(), icyMetadata: i % 2 == 0)).ToList();
        var listeners = await Task.WhenAll(connecting);
        try
        {
            Assert.Equal(200, host.Mounts.All.Single().Listeners);
            await Task.WhenAll(listeners.Select(l => l.ReadForAsync(TimeSpan.FromSeconds(5))));

            byte[] reference = listeners[0].Audio;
            Assert.True(reference.Length > 16000 * 5);
            foreach (var listener in listeners.Skip(1))
            {
                byte[] audio = listener.Audio;
                Assert.True(audio.Length > 16000 * 5, $"a listener got only {audio.Length} bytes");

                // Align: find where this listener's first 2 KB sit in the reference (or the reverse), then compare the overlap.
                int offset = reference.AsSpan().IndexOf(audio.AsSpan(0, 2048));
                int otherOffset = offset >= 0 ? 0 : audio.AsSpan().IndexOf(reference.AsSpan(0, 2048));
                Assert.True(offset >= 0 || otherOffset >= 0, "streams do not overlap");
                var a = reference.AsSpan(Math.Max(offset, 0));
                var b = audio.AsSpan(otherOffset);
                int overlap = Math.Min(a.Length, b.Length);
                Assert.True(overlap > 16000 * 4, $"overlap only {overlap} bytes");
                Assert.True(a[..overlap].SequenceEqual(b[..overlap]), "listeners received different audio");
            }
        }
        finally
        {
            foreach (var l in listeners)
            {
                await l.DisposeAsync();
            }
        }
    }
}
