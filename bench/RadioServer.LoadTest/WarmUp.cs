using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RadioServer.LoadTest;

/// <summary>
/// Before the real run, a few listeners stream from a tiny in-process server: an ICY response with MPEG frames and
/// metadata blocks cut at awkward places. It compiles the whole receive path (sockets, head, ICY, MPEG) so the JIT
/// does not land in the first real connections' connect and TTFB figures, and it checks the parsers against a
/// stream whose right answer is known (the station is never touched).
/// </summary>
internal static class WarmUp
{
    private const int MetaInt = 1000;
    private const int Frames = 40;

    // Over 30 calls of every per-connection method, so tiered compilation has promoted them before the ramp.
    private const int Connections = 40;

    /// <summary>Quiet time after the warm-up for the background tier-1 compilation to finish.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    // MPEG-1 Layer III, 128 kbps, 44.1 kHz, no padding: 417-byte frames.
    private static ReadOnlySpan<byte> FrameHeader => [0xFF, 0xFB, 0x90, 0x00];

    /// <summary>Runs the warm-up listeners; returns null when they saw what was sent, else what went wrong.</summary>
    public static async Task<string?> RunAsync(LoadTestOptions options, CancellationToken cancellationToken)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server.Listen();
        var endPoint = (IPEndPoint)server.LocalEndPoint!;
        byte[] response = Response();
        var run = new LoadRun(options with { Icy = true }, Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nIcy-MetaData: 1\r\n\r\n"));
        for (int i = 0; i < Connections; i++)
        {
            var listener = new ListenerConnection(run, endPoint, null);
            var listening = listener.RunAsync();
            using (var accepted = await server.AcceptAsync(cancellationToken))
            {
                await ReadRequestAsync(accepted, cancellationToken);
                // In pieces of odd sizes, so blocks, headers and the head itself are split across reads.
                for (int sent = 0; sent < response.Length; sent += 777)
                {
                    await accepted.SendAsync(response.AsMemory(sent, Math.Min(777, response.Length - sent)), SocketFlags.None, cancellationToken);
                }

                accepted.Shutdown(SocketShutdown.Both);
            }

            await listening;
            if (listener.Mpeg is not { SyncLosses: 0, Frames: Frames } || listener.IcyInvalid != 0 || listener.AudioBytes != Frames * 417
                || listener.IcyBlocks != Frames * 417 / MetaInt)
            {
                return $"the self-check stream read wrong: {listener.Mpeg?.Frames} of {Frames} frames, {listener.Mpeg?.SyncLosses} sync losses, "
                       + $"{listener.IcyBlocks} ICY blocks ({listener.IcyInvalid} invalid), {listener.AudioBytes} audio bytes";
            }
        }

        return null;
    }

    private static async Task ReadRequestAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        int filled = 0;
        while (filled < buffer.Length && ResponseHead.FindEnd(buffer.AsSpan(0, filled)) < 0)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return;
            }

            filled += read;
        }
    }

    /// <summary>A head, then <see cref="Frames"/> frames with an ICY block after every <see cref="MetaInt"/> audio bytes.</summary>
    private static byte[] Response()
    {
        var audio = new byte[Frames * 417];
        for (int f = 0; f < Frames; f++)
        {
            FrameHeader.CopyTo(audio.AsSpan(f * 417));
        }

        using var body = new MemoryStream();
        body.Write("HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nicy-br:128\r\nicy-metaint:1000\r\n\r\n"u8);
        byte[] title = Encoding.UTF8.GetBytes("StreamTitle='Don't Stop - warm-up';StreamUrl='';");
        for (int offset = 0, block = 0; offset < audio.Length; offset += MetaInt, block++)
        {
            int length = Math.Min(MetaInt, audio.Length - offset);
            body.Write(audio, offset, length);
            if (length < MetaInt)
            {
                break;
            }

            if (block % 2 == 0)
            {
                body.WriteByte(0);
            }
            else
            {
                int blocks = (title.Length + 15) / 16;
                body.WriteByte((byte)blocks);
                body.Write(title);
                body.Write(new byte[(blocks * 16) - title.Length]);
            }
        }

        return body.ToArray();
    }
}
