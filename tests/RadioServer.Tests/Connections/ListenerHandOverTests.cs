using System.Net.Sockets;
using System.Text;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Connections;

/// <summary>
/// The stream path takes a listener's socket from the transport after the head (StationSocketTransport): what a
/// listener sees must not change. It keeps its audio when it sends bytes after its head, and it leaves the mount as
/// soon as it closes, with or without audio flowing.
/// </summary>
[Trait("Layer", "Server")]
public class ListenerHandOverTests
{
    [Fact]
    public async Task Listener_ThatTalksAfterItsHead_KeepsItsAudio_AndLeavesWhenItCloses()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u");
        var mount = host.Mounts.All.Single();
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // let the buffer fill past the burst length

        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(host.BaseUri.Host, host.BaseUri.Port);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET /stream.mp3 HTTP/1.0\r\nUser-Agent: chatty\r\n\r\n").AsMemory());
        var buffer = new byte[64 * 1024];
        long received = await ReceiveForAsync(client, buffer, TimeSpan.FromSeconds(1));
        Assert.True(received > 0, "no audio in the first second");
        Assert.Equal(1, mount.Listeners);

        for (int i = 0; i < 20; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes("PING\r\n").AsMemory()); // read and dropped by the transport
        }

        // Still streaming: every receive brought bytes (ReceiveForAsync fails on a close), at least a second of audio
        // in three. Not the exact rate: the station writes every 500 ms, so a window holds five or six writes, fewer
        // when a loaded test machine delays one; StreamTimingTests pin the rate.
        long later = await ReceiveForAsync(client, buffer, TimeSpan.FromSeconds(3));
        Assert.True(later >= 16000, $"only {later} bytes in 3 s after talking"); // 128 kbps: 16,000 bytes a second
        Assert.Equal(1, mount.Listeners);

        client.Close();
        await Until.AssertAsync(() => mount.Listeners == 0, "the closed listener left the mount", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task HeadRequest_AndRefusal_StillAnsweredThroughTheConnectionsPipe()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 3, "A", "A");
        File.WriteAllLines(Path.Combine(dir, "list.m3u"), ["a.mp3"]);
        await using var host = await StationHost.StartAsync(dir, "list.m3u", "", "--station:maxlisteners=1");

        await using var first = await IcyClient.ConnectAsync(host.Mount());
        Assert.StartsWith("HTTP/1.0 200", first.ResponseHead, StringComparison.Ordinal);

        using var second = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(host.BaseUri.Host, host.BaseUri.Port);
        await second.SendAsync(Encoding.ASCII.GetBytes("GET /stream.mp3 HTTP/1.0\r\n\r\n").AsMemory());
        string refusal = await ReceiveAllAsync(second);
        Assert.StartsWith("HTTP/1.0 403", refusal, StringComparison.Ordinal); // Icecast's answer when the server is full
        Assert.Equal(1, host.Mounts.All.Single().Listeners);
    }

    private static async Task<long> ReceiveForAsync(Socket client, byte[] buffer, TimeSpan duration)
    {
        long total = 0;
        using var stop = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                int n = await client.ReceiveAsync(buffer.AsMemory(), stop.Token);
                Assert.True(n > 0, "the server closed the listener");
                total += n;
            }
        }
        catch (OperationCanceledException)
        {
            return total;
        }
    }

    private static async Task<string> ReceiveAllAsync(Socket client)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int n;
        while ((n = await client.ReceiveAsync(buffer.AsMemory(), limit.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }
}
