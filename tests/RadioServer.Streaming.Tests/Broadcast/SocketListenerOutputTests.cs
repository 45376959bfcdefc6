using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Streaming.Broadcast;

namespace RadioServer.Streaming.Tests.Broadcast;

/// <summary>The gathered socket output on real loopback sockets.</summary>
public class SocketListenerOutputTests
{
    [Fact]
    public async Task SendAsync_PiecesFromSeveralArrays_ArriveWholeAndInOrder()
    {
        var (server, client) = await ConnectedPairAsync();
        using (server)
        using (client)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            byte[] a = [1, 2, 3, 4, 5];
            byte[] b = [6, 7];
            byte[] big = Enumerable.Range(0, 20_000).Select(i => (byte)i).ToArray();
            output.Add(a.AsMemory(1, 3)); // slices, as the ICY interleaver hands them out
            output.Add(b);
            output.Add(ReadOnlyMemory<byte>.Empty);
            output.Add(big);
            Assert.Equal(ListenerSend.Sent, await output.SendAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None));
            Assert.Equal(ListenerSend.Sent, await output.SendAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None)); // nothing added: nothing to do

            byte[] received = await ReceiveAsync(client, 3 + 2 + big.Length);
            Assert.Equal([2, 3, 4, 6, 7, .. big], received);
        }
    }

    [Fact]
    public async Task SendAsync_ManyPiecesThroughAFullSendBuffer_ArriveWholeAndInOrder()
    {
        // More pieces than one sendmsg takes, and far more bytes than the kernel buffers hold: the direct send stops
        // part-way (inside a piece), and the rest waits for room; the peer reads slowly on its own thread.
        var (server, client) = await ConnectedPairAsync(SmallBuffers);
        using (server)
        using (client)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            var random = new Random(12);
            var expected = new List<byte>();
            for (int i = 0; i < 300; i++)
            {
                var array = new byte[random.Next(10, 5000)];
                random.NextBytes(array);
                int offset = random.Next(0, 5);
                var piece = array.AsMemory(offset, array.Length - offset - random.Next(0, 5));
                output.Add(piece);
                expected.AddRange(piece.ToArray());
            }

            var receiving = Task.Run(async () =>
            {
                var received = new List<byte>();
                var buffer = new byte[4096];
                while (received.Count < expected.Count)
                {
                    int n = await client.ReceiveAsync(buffer);
                    if (n == 0)
                    {
                        break;
                    }

                    received.AddRange(buffer.AsSpan(0, n));
                    await Task.Delay(1);
                }

                return received;
            });
            Assert.Equal(ListenerSend.Sent, await output.SendAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));
            var all = await receiving.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(expected.Count, all.Count);
            Assert.True(expected.SequenceEqual(all), "the bytes differ");
        }
    }

    [Fact]
    public async Task SendAsync_FirstBatchTakenWholeThenBufferFull_RestArrivesInOrder()
    {
        // 64 small pieces (one whole sendmsg the kernel takes), then one larger than both kernel buffers: the second
        // call stops part-way and the rest waits for room.
        var (server, client) = await ConnectedPairAsync(SmallBuffers);
        using (server)
        using (client)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            var expected = new List<byte>();
            for (int i = 0; i < 64; i++)
            {
                byte[] small = [(byte)i, (byte)(i + 1), (byte)(i + 2)];
                output.Add(small);
                expected.AddRange(small);
            }

            var large = Enumerable.Range(0, 1_000_000).Select(i => (byte)(i * 7)).ToArray();
            output.Add(large);
            expected.AddRange(large);
            var receiving = ReceiveAsync(client, expected.Count);
            Assert.Equal(ListenerSend.Sent, await output.SendAsync(TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));
            Assert.True(expected.SequenceEqual(await receiving.WaitAsync(TimeSpan.FromSeconds(30))), "the bytes differ");
        }
    }

    [Fact]
    public async Task SendAsync_SocketAlreadyClosed_EndsClosed()
    {
        var (server, client) = await ConnectedPairAsync();
        using (client)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            server.Dispose(); // the connection was aborted meanwhile
            output.Add(new byte[100]);
            Assert.Equal(ListenerSend.Closed, await output.SendAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(7)]  // a 500 ms write with ICY blocks
    [InlineData(100)] // a mount whose every write takes as many pieces as the burst
    public async Task SendAsync_SteadyState_AllocatesNothing(int piecesPerSend)
    {
        // Bound 0: a listener's write is its pieces handed to one non-blocking sendmsg, pinned as locals (on Linux; a
        // reused SocketAsyncEventArgs elsewhere); a send the kernel takes at once completes on this thread without a
        // task, and the pieces' list is the thread's, lent for the send and given back. A 100-piece burst comes first,
        // as on connecting. The peer reads everything on its own thread.
        var (server, client) = await ConnectedPairAsync();
        using (server)
        using (client)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            server.SendBufferSize = 1024 * 1024;
            var reading = Task.Factory.StartNew(() =>
            {
                var sink = new byte[256 * 1024];
                while (client.Receive(sink) > 0)
                {
                }
            }, TaskCreationOptions.LongRunning);
            for (int i = 0; i < 100; i++)
            {
                output.Add(new byte[100]);
            }

            Assert.Equal(ListenerSend.Sent, await output.SendAsync(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None));
            var pieces = Enumerable.Range(0, piecesPerSend).Select(_ => new byte[7000 / piecesPerSend]).ToArray(); // 7 KB per send
            var state = (output, pieces);
            long bytes = Allocations.MeasureSteady(state, static s =>
            {
                foreach (var piece in s.pieces)
                {
                    s.output.Add(piece);
                }

                var sent = s.output.SendAsync(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None);
                if ((sent.IsCompleted ? sent.Result : sent.AsTask().GetAwaiter().GetResult()) != ListenerSend.Sent)
                {
                    throw new InvalidOperationException("a send failed"); // not Assert.Equal, which allocates
                }
            }, warmUp: 100, iterations: 200);
            Assert.Equal(0, bytes);
            server.Shutdown(SocketShutdown.Both);
            await reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task SendAsync_PeerStopsReading_IsTooSlowAfterMaxLag()
    {
        var time = new FakeTimeProvider();
        var (server, client) = await ConnectedPairAsync(SmallBuffers);
        using (server)
        using (client)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            output.Add(new byte[8 * 1024 * 1024]); // far more than both kernel buffers hold: the send waits
            var sending = output.SendAsync(TimeSpan.FromSeconds(3), time, CancellationToken.None).AsTask();
            await Task.Delay(200);
            Assert.False(sending.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(3));
            Assert.Equal(ListenerSend.TooSlow, await sending.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task SendAsync_PeerClosed_EndsClosed()
    {
        var (server, client) = await ConnectedPairAsync();
        using (server)
        using (var output = new SocketListenerOutput(server, server.Dispose))
        {
            client.Dispose();
            var sent = ListenerSend.Sent;
            byte[] chunk = new byte[16 * 1024];
            // The first sends may still land in the kernel's buffer; the peer's reset ends a later one.
            for (int i = 0; i < 100 && sent == ListenerSend.Sent; i++)
            {
                output.Add(chunk);
                sent = await output.SendAsync(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
                await Task.Delay(10);
            }

            Assert.Equal(ListenerSend.Closed, sent);
        }
    }

    [Fact]
    public async Task SendAsync_CancelledWhileWaiting_ClosesTheConnectionAndThrows()
    {
        var (server, client) = await ConnectedPairAsync(SmallBuffers);
        using (server)
        using (client)
        {
            int aborts = 0;
            using var output = new SocketListenerOutput(server, () =>
            {
                Interlocked.Increment(ref aborts);
                server.Dispose();
            });
            using var cts = new CancellationTokenSource();
            output.Add(new byte[8 * 1024 * 1024]);
            var sending = output.SendAsync(TimeSpan.FromMinutes(5), TimeProvider.System, cts.Token).AsTask();
            await Task.Delay(200);
            Assert.False(sending.IsCompleted);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(1, aborts);
        }
    }

    [Fact]
    public void Add_MemoryNotBackedByAnArray_IsRefused()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var output = new SocketListenerOutput(socket, socket.Dispose);
        using var hidden = new HiddenArrayMemory(16);
        Assert.Throws<ArgumentException>(() => output.Add(hidden.Memory));
    }

    /// <summary>Kernel buffers small enough that a large send fills them: 16 KB each way.</summary>
    private const int SmallBuffers = 16 * 1024;

    /// <param name="kernelBuffers">When given, the server's send and the client's receive buffer sizes.</param>
    private static async Task<(Socket Server, Socket Client)> ConnectedPairAsync(int? kernelBuffers = null)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        var server = await listener.AcceptAsync();
        if (kernelBuffers is { } bytes)
        {
            server.SendBufferSize = bytes;
            client.ReceiveBufferSize = bytes;
        }

        return (server, client);
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int count)
    {
        var received = new byte[count];
        int at = 0;
        while (at < count)
        {
            int n = await socket.ReceiveAsync(received.AsMemory(at), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(n > 0, "the connection ended early");
            at += n;
        }

        return received;
    }

    /// <summary>Memory through a <see cref="System.Buffers.MemoryManager{T}"/>, which does not expose an array.</summary>
    private sealed class HiddenArrayMemory(int length) : System.Buffers.MemoryManager<byte>
    {
        private readonly byte[] _hidden = new byte[length];

        public override Span<byte> GetSpan() => _hidden;

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
