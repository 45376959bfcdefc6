using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Connections.Transport;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Connections;

/// <summary>
/// The station's TCP transport on its own, with real sockets on 127.0.0.1: pipes as Kestrel expects them until the
/// stream path takes the socket, then the socket alone, with the connection's close still noticed.
/// </summary>
[Trait("Layer", "Server")]
public sealed class StationSocketTransportTests : IAsyncDisposable
{
    private readonly StationSocketTransport _transport = new(new SharedPools(), NullLogger<StationSocketTransport>.Instance);
    private IConnectionListener? _listener;

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        _transport.Dispose();
    }

    [Fact]
    public async Task Pipes_CarryBothWays_AndTheClientsFinCompletesTheInput()
    {
        var (client, connection) = await ConnectAsync();
        using (client)
        {
            await client.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray().AsMemory());
            string head = await ReadTextAsync(connection.Transport.Input, "\r\n\r\n");
            Assert.Equal("GET / HTTP/1.1\r\n\r\n", head);

            await connection.Transport.Output.WriteAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
            Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", await ReceiveTextAsync(client, 27));

            client.Shutdown(SocketShutdown.Send);
            var end = await connection.Transport.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(end.IsCompleted);
            Assert.True(await Until.TrueAsync(() => connection.ConnectionClosed.IsCancellationRequested, TimeSpan.FromSeconds(5)));
        }

        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Abort_ClosesTheClientsConnection()
    {
        var (client, connection) = await ConnectAsync();
        using (client)
        {
            connection.Abort(new ConnectionAbortedException("test"));
            var buffer = new byte[16];
            int n = await client.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(0, n); // FIN
        }

        await connection.DisposeAsync();
    }

    [Fact]
    public async Task TakeSocket_DropsThePipes_TheSocketStillWrites_TheListenersBytesAreIgnored_ItsCloseIsSeen()
    {
        var (client, connection) = await ConnectAsync();
        using (client)
        {
            await client.SendAsync("GET /stream.mp3 HTTP/1.0\r\n\r\nleftover"u8.ToArray().AsMemory());
            await ReadTextAsync(connection.Transport.Input, "\r\n\r\n", consumeAll: false);

            var socket = connection.Features.Get<IListenerSocketFeature>()!.TakeSocket();
            Assert.Same(connection.Features.Get<IConnectionSocketFeature>()!.Socket, socket);
            var input = await connection.Transport.Input.ReadAsync(); // what Kestrel or the middleware would see now
            Assert.True(input.IsCompleted && input.Buffer.IsEmpty);

            Assert.Equal(5, socket.Send("audio"u8));
            Assert.Equal("audio", await ReceiveTextAsync(client, 5));

            // A listener that talks after its head (some players send keep-alive junk) stays connected.
            for (int i = 0; i < 50; i++)
            {
                await client.SendAsync(new byte[4096].AsMemory());
            }

            await Task.Delay(300);
            Assert.False(connection.ConnectionClosed.IsCancellationRequested);
            Assert.Equal(5, socket.Send("still"u8));
            Assert.Equal("still", await ReceiveTextAsync(client, 5));

            client.Shutdown(SocketShutdown.Both);
            client.Close();
            Assert.True(await Until.TrueAsync(() => connection.ConnectionClosed.IsCancellationRequested, TimeSpan.FromSeconds(5)),
                "the listener's close was not noticed");
        }

        await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TakenSocket_DisposingTheConnectionClosesIt()
    {
        var (client, connection) = await ConnectAsync();
        using (client)
        {
            await client.SendAsync("GET /stream.mp3 HTTP/1.0\r\n\r\n"u8.ToArray().AsMemory());
            await ReadTextAsync(connection.Transport.Input, "\r\n\r\n");
            connection.Features.Get<IListenerSocketFeature>()!.TakeSocket();

            await connection.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            int n = await client.ReceiveAsync(new byte[16].AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(0, n);
        }
    }

    [Fact]
    public async Task Features_HoldWhatKestrelAdds_AndReplaceOrRemoveIt()
    {
        var (client, connection) = await ConnectAsync();
        using (client)
        {
            var features = connection.Features;
            Assert.Same(connection, features.Get<IConnectionIdFeature>());
            Assert.Same(connection, features.Get<IMemoryPoolFeature>());
            Assert.Equal(connection.RemoteEndPoint, features.Get<IConnectionEndPointFeature>()!.RemoteEndPoint);
            Assert.Null(features.Get<IConnectionHeartbeatFeature>());

            Type[] others = [typeof(Marker<byte>), typeof(Marker<short>), typeof(Marker<int>), typeof(Marker<long>), typeof(Marker<float>),
                typeof(Marker<double>), typeof(Marker<char>), typeof(Marker<bool>)];
            foreach (var type in others)
            {
                features[type] = type.Name; // past the first array's six
            }

            Assert.All(others, type => Assert.Equal(type.Name, features[type]));

            var marker = new Marker<string>();
            int revision = features.Revision;
            features.Set(marker);
            Assert.Same(marker, features.Get<Marker<string>>());
            Assert.True(features.Revision > revision);
            Assert.Contains(features, kv => kv.Key == typeof(Marker<string>));
            features.Set<Marker<string>>(null);
            Assert.Null(features.Get<Marker<string>>());

            var replacement = new OtherItems();
            features.Set<IConnectionItemsFeature>(replacement); // a middleware may replace one of the connection's own
            Assert.Same(replacement, features.Get<IConnectionItemsFeature>());
            features.Set<IConnectionItemsFeature>(null);
            Assert.Same(connection, features.Get<IConnectionItemsFeature>());
        }

        await connection.DisposeAsync();
    }

    private async Task<(Socket Client, ConnectionContext Connection)> ConnectAsync()
    {
        _listener ??= await _transport.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(_listener.EndPoint);
        var connection = await _listener.AcceptAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(connection);
        return (client, connection);
    }

    private static async Task<string> ReadTextAsync(PipeReader input, string until, bool consumeAll = true)
    {
        while (true)
        {
            var read = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            string text = Encoding.ASCII.GetString(read.Buffer.ToArray());
            int end = text.IndexOf(until, StringComparison.Ordinal);
            if (end >= 0)
            {
                input.AdvanceTo(consumeAll ? read.Buffer.End : read.Buffer.GetPosition(end + until.Length));
                return text[..(end + until.Length)];
            }

            Assert.False(read.IsCompleted, "the input ended first");
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static async Task<string> ReceiveTextAsync(Socket client, int length)
    {
        var buffer = new byte[length];
        int got = 0;
        while (got < length)
        {
            int n = await client.ReceiveAsync(buffer.AsMemory(got)).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(n > 0, "closed early");
            got += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    private sealed class SharedPools : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => MemoryPool<byte>.Shared;
    }

    private sealed class Marker<T>;

    private sealed class OtherItems : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
