using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RadioServer.LoadTest;

/// <summary>
/// One listener: a socket, a reused 16 KB receive buffer and one async receive loop (<see cref="Socket.ReceiveAsync(Memory{byte}, SocketFlags, CancellationToken)"/>
/// completes as a pooled ValueTask, so a read allocates nothing). Every figure is kept here as Stopwatch timestamps
/// and counters, written only by the loop and read by the runner once the loop has ended.
/// </summary>
internal sealed partial class ListenerConnection(LoadRun run, IPEndPoint server, IPEndPoint? source)
{
    private const int BufferSize = 16 * 1024;
    private static readonly long BurstTicks = Stopwatch.Frequency; // the first second after the first byte is the burst

    private Socket? _socket;
    private volatile string? _abortReason;
    private volatile bool _awaitingHead = true;

    public ListenerOutcome Outcome { get; private set; }

    /// <summary>Why it failed or was dropped (a socket error, "HTTP 403", "timeout", ...).</summary>
    public string? Reason { get; private set; }

    public long StartTimestamp { get; private set; }

    public long ConnectedTimestamp { get; private set; }

    public long FirstByteTimestamp { get; private set; }

    public long LastReadTimestamp { get; private set; }

    /// <summary>When it stopped streaming: the run's stop, or the server's close.</summary>
    public long EndTimestamp { get; private set; }

    public ResponseHead Head { get; private set; }

    public long AudioBytes { get; private set; }

    /// <summary>Audio bytes read after the burst (the first second after the first byte).</summary>
    public long AudioBytesAfterBurst { get; private set; }

    /// <summary>
    /// Audio bytes read after the first read past the burst, up to the last read: what came in between
    /// <see cref="PacedStartTimestamp"/> and <see cref="PacedEndTimestamp"/>. A server that writes every 500 ms
    /// delivers in steps, and a life that ends between two steps reads up to one step short of the bitrate however
    /// well it is served; counted between reads, the rate is free of where the cadence stood at either end.
    /// </summary>
    public long PacedAudioBytes { get; private set; }

    /// <summary>The first read past the burst (its bytes are not in <see cref="PacedAudioBytes"/>); 0 if none.</summary>
    public long PacedStartTimestamp { get; private set; }

    /// <summary>The last read counted in <see cref="PacedAudioBytes"/>.</summary>
    public long PacedEndTimestamp { get; private set; }

    /// <summary>The longest time between two successful reads after the burst (and from the last read to the stop).</summary>
    public long MaxGapTicks { get; private set; }

    /// <summary>True when it was streaming as the title probe was sent.</summary>
    public bool StreamingAtProbe { get; set; }

    /// <summary>When a metadata block with the probed title arrived, 0 if none did.</summary>
    public long TitleSeenTimestamp { get; private set; }

    /// <summary>True from the first call to <see cref="RunAsync"/> until the response head has been read.</summary>
    public bool AwaitingHead => _awaitingHead;

    public async Task RunAsync()
    {
        StartTimestamp = Stopwatch.GetTimestamp();
        Socket socket;
        try
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
        {
            run.OnTooManyOpenFiles();
            Fail("too many open files");
            return;
        }

        _socket = socket;
        try
        {
            if (source is not null)
            {
                socket.Bind(source);
            }

            await socket.ConnectAsync(server);
            ConnectedTimestamp = Stopwatch.GetTimestamp();
            await socket.SendAsync(run.Request, SocketFlags.None);
            var buffer = new byte[BufferSize];
            if (await ReadHeadAsync(socket, buffer))
            {
                await StreamAsync(socket, buffer);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Ended(e is SocketException s ? s.SocketErrorCode.ToString() : "closed");
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>
    /// Ends the connection from outside: at the end of the run (<paramref name="reason"/> null) with a shutdown, so the
    /// pending read returns 0 and the server sees an orderly close; on a timeout by closing the socket.
    /// </summary>
    public void Abort(string? reason)
    {
        _abortReason = reason;
        var socket = _socket;
        if (socket is null)
        {
            return;
        }

        try
        {
            if (reason is null && socket.Connected)
            {
                socket.Shutdown(SocketShutdown.Both);
                return;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not connected yet, or already gone: closing it is all that is left.
        }

        socket.Dispose();
    }

    /// <summary>Reads until the blank line; false (and failed) when the head is bad or never comes.</summary>
    private async ValueTask<bool> ReadHeadAsync(Socket socket, byte[] buffer)
    {
        int filled = 0;
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
            long now = Stopwatch.GetTimestamp();
            if (read == 0)
            {
                Fail(filled == 0 ? "closed without a response" : "closed inside the response head");
                return false;
            }

            if (filled == 0)
            {
                FirstByteTimestamp = now;
            }

            filled += read;
            int headLength = ResponseHead.FindEnd(buffer.AsSpan(0, filled));
            if (headLength < 0)
            {
                if (filled == buffer.Length)
                {
                    Fail("response head over 16 KB");
                    return false;
                }

                continue;
            }

            Head = ResponseHead.Parse(buffer.AsSpan(0, headLength));
            if (Head.Status != 200)
            {
                Fail(Head.Status == 0 ? "not an HTTP response" : $"HTTP {Head.Status}");
                return false;
            }

            if (run.Options.Icy && Head.MetaInt <= 0)
            {
                Fail("no icy-metaint in the response");
                return false;
            }

            StartBody();
            _awaitingHead = false;
            run.OnStreaming();
            LastReadTimestamp = now;
            Body(buffer.AsSpan(headLength, filled - headLength), now);
            return true;
        }
    }

    private async ValueTask StreamAsync(Socket socket, byte[] buffer)
    {
        var memory = buffer.AsMemory();
        long burstEnd = FirstByteTimestamp + BurstTicks;
        while (true)
        {
            int read = await socket.ReceiveAsync(memory, SocketFlags.None);
            long now = Stopwatch.GetTimestamp();
            if (now >= run.StopTimestamp)
            {
                Ended(null);
                return;
            }

            if (read == 0)
            {
                Ended("closed by the server");
                return;
            }

            if (now > burstEnd)
            {
                MaxGapTicks = Math.Max(MaxGapTicks, now - LastReadTimestamp);
            }

            LastReadTimestamp = now;
            long before = AudioBytes;
            Body(buffer.AsSpan(0, read), now);
            if (now > burstEnd)
            {
                long audio = AudioBytes - before;
                AudioBytesAfterBurst += audio;
                if (PacedStartTimestamp == 0)
                {
                    PacedStartTimestamp = now; // these bytes came before this instant: the span starts here
                }
                else
                {
                    PacedAudioBytes += audio;
                    PacedEndTimestamp = now;
                }
            }
        }
    }

    /// <summary>The loop ends: served when the run stopped it, dropped early when the server did, failed before the head.</summary>
    private void Ended(string? error)
    {
        if (Outcome != ListenerOutcome.Running)
        {
            return;
        }

        long stop = run.StopTimestamp;
        if (_awaitingHead)
        {
            Fail(_abortReason ?? (run.Stopping ? "no response by the end" : $"connect/head: {error}"));
            return;
        }

        run.OnStreamEnded();
        if (run.Stopping)
        {
            Outcome = ListenerOutcome.Served;
            EndTimestamp = stop;
            if (stop - LastReadTimestamp > MaxGapTicks && stop > FirstByteTimestamp + BurstTicks)
            {
                MaxGapTicks = stop - LastReadTimestamp; // a listener that starved at the end shows it
            }

            return;
        }

        Outcome = ListenerOutcome.DroppedEarly;
        Reason = _abortReason ?? error;
        EndTimestamp = Stopwatch.GetTimestamp();
        run.OnDropped();
    }

    private void Fail(string reason)
    {
        if (Outcome != ListenerOutcome.Running)
        {
            return;
        }

        Outcome = ListenerOutcome.Failed;
        Reason = reason;
        _awaitingHead = false;
        run.OnFailed();
    }
}
