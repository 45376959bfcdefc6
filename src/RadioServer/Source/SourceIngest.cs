using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Connections;
using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.Icecast;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Live;
using RadioServer.Safety;

namespace RadioServer.Source;

/// <summary>
/// Accepts a presenter's source client on the live mount, the way Icecast does (docs/icecast-compat.md §4):
/// <c>PUT</c> with <c>Expect: 100-continue</c> (100 only after the checks pass, then <c>HTTP/1.0 200 OK</c>),
/// legacy <c>SOURCE</c> (libshout's first try without credentials gets a 401), LF-only header lines (DarkIce),
/// endless or chunked bodies. The MP3 is decoded into the live input; the <see cref="LiveTakeover"/> stage
/// puts it on air. Garbage, silence (handled on the bus) or a source that goes quiet on the wire end it.
/// </summary>
internal sealed partial class SourceIngest(StationOptions options, LiveInput live, StationFormat format, TimeProvider time, ILogger<SourceIngest> logger,
    TrustedProxies proxies, ClientAddresses addresses, LoginThrottle throttle, IHostApplicationLifetime lifetime, StationEvents events)
{
    /// <summary>Bytes decoded between two checks of the pace (about 1 s of 128 kbps MP3).</summary>
    private const int PaceChunkBytes = 16 * 1024;

    private static readonly string[] Mp3Types = ["audio/mpeg", "audio/mp3", "audio/x-mpeg", "audio/mpeg3"];

    /// <summary>Ogg (Opus inside; Vorbis is refused once its first packet shows it).</summary>
    private static readonly string[] OggTypes = ["audio/ogg", "application/ogg", "audio/opus", "audio/x-ogg"];

    public async Task HandleAsync(ConnectionContext connection, HttpRequestHead head)
    {
        var output = connection.Transport.Output;
        string realIp = proxies.ClientIp(connection.RemoteEndPoint, head.Header);
        string ip = addresses.Written(realIp); // what logs may show; limits and the slow-down use the real address
        if (options.Live.Mount.Length == 0 || head.Path != options.Live.Mount)
        {
            await ErrorAsync(output, "403 Forbidden", "Mountpoint not available for sources", connection).ConfigureAwait(false);
            return;
        }

        await throttle.WaitAsync(realIp, connection.ConnectionClosed).ConfigureAwait(false);
        string? presenter = Credentials.Presenter(head.Header("Authorization"), options);
        if (presenter is null)
        {
            if (head.Header("Authorization") is { } authorization)
            {
                AdminGuard.LoginFailed(logger, "source", SafeText.Escape(Credentials.UserName(authorization)) ?? "?", ip, throttle.Failed(realIp));
            }
            else
            {
                SourceRefused(logger, ip, "no credentials"); // libshout's first try: not a failed login
            }

            output.Write(StreamHeaders.Serialize("HTTP/1.0 401 Authentication Required",
                [.. StreamHeaders.Common(options, "text/plain; charset=utf-8", time.GetUtcNow()), new("WWW-Authenticate", "Basic realm=\"Icecast2 Server\"")]));
            output.Write("You need to authenticate\r\n"u8);
            await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
            return;
        }

        string? contentType = head.Header("Content-Type") ?? (head.Method == "SOURCE" ? "audio/mpeg" : null);
        if (contentType is null)
        {
            await ErrorAsync(output, "403 Forbidden", "No Content-type given", connection).ConfigureAwait(false);
            return;
        }

        string mediaType = contentType.Split(';')[0].Trim();
        bool ogg = OggTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
        if (!ogg && !Mp3Types.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            await ErrorAsync(output, "403 Forbidden", "Content-type not supported", connection).ConfigureAwait(false);
            return;
        }

        string title = head.Header("ice-name") is { Length: > 0 } name ? name : $"Live with {presenter}";
        if (!live.TryAcquire(presenter, title))
        {
            SourceRefused(logger, ip, "mountpoint in use");
            await ErrorAsync(output, "403 Forbidden", "Mountpoint in use", connection).ConfigureAwait(false);
            return;
        }

        StationEvent? onAir = null;
        string reason = "the connection failed";
        try
        {
            if (string.Equals(head.Header("Expect"), "100-continue", StringComparison.OrdinalIgnoreCase))
            {
                output.Write("HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\n"u8);
            }

            output.Write("HTTP/1.0 200 OK\r\n\r\n"u8);
            await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
            throttle.Succeeded(realIp);
            SourceConnected(logger, presenter, ip, head.Method, SafeText.Escape(head.Header("User-Agent")) ?? "unknown");
            string? show = head.Header("ice-name") is { Length: > 0 } iceName ? SafeText.Escape(iceName) : null;
            onAir = new StationEvent(StationEventKind.LiveConnected, events.Now) { Presenter = presenter, Mount = head.Path, Show = show };
            events.Publish(onAir);
            reason = await ReceiveAsync(connection, head, ogg).ConfigureAwait(false);
            SourceDisconnected(logger, presenter, ip, reason);
        }
        finally
        {
            live.Release(presenter);
            if (onAir is not null)
            {
                // Also when the connection failed mid-show: recordings and webhooks must see every show end.
                events.Publish(onAir with { Kind = StationEventKind.LiveDisconnected, At = events.Now, Reason = reason });
            }
        }
    }

    private async Task<string> ReceiveAsync(ConnectionContext connection, HttpRequestHead head, bool ogg)
    {
        var input = connection.Transport.Input;
        ILiveDecoder decoder = ogg ? new LiveOggOpusDecoder(format, live) : new LiveMp3Decoder(format, live.Audio);
        var chunked = head.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true ? new ChunkedDecoder() : null;
        var icy = int.TryParse(head.Header("icy-metaint"), out int metaInt) && metaInt > 0
            ? new IcyMetadataStripper(metaInt, title => live.SetTitle(null, title))
            : null;
        var timeout = TimeSpan.FromSeconds(options.Live.SourceTimeoutSeconds);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        byte[] audio = ArrayPool<byte>.Shared.Rent(64 * 1024);
        void Feed(ReadOnlySpan<byte> bytes)
        {
            if (icy is null)
            {
                decoder.Push(bytes);
            }
            else
            {
                decoder.Push(audio.AsSpan(0, icy.Strip(bytes, audio)));
            }
        }

        // Bytes are not enough to hold the mount: junk trickled in (one byte every few seconds, or a stream of
        // non-audio) loses it after the same timeout as silence on the wire.
        long framesBefore = decoder.FramesDecoded;
        long lastAudio = time.GetTimestamp();
        int aheadLimit = (int)((options.Live.PrebufferMilliseconds / 1000.0 + 2) * format.SampleRate) * format.Channels;
        try
        {
            bool bytesSinceAudio = false;
            while (true)
            {
                // The read waits only until the source's time is up, so a trickle loses the mount on time, not at its next byte.
                var left = timeout - time.GetElapsedTime(lastAudio);
                if (left <= TimeSpan.Zero)
                {
                    return $"sent no decodable audio for {timeout.TotalSeconds} s";
                }

                using var idle = new CancellationTokenSource(left, time);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, connection.ConnectionClosed, lifetime.ApplicationStopping);
                System.IO.Pipelines.ReadResult read;
                try
                {
                    read = await input.ReadAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return idle.IsCancellationRequested
                        ? bytesSinceAudio ? $"sent no decodable audio for {timeout.TotalSeconds} s" : $"sent nothing for {timeout.TotalSeconds} s"
                        : lifetime.ApplicationStopping.IsCancellationRequested ? "the station is stopping" : "connection closed";
                }

                bytesSinceAudio |= !read.Buffer.IsEmpty;

                // At most 16 KB (about a second of audio) before the pace is checked again; the rest stays in the pipe.
                var chunk = read.Buffer.Slice(0, Math.Min(read.Buffer.Length, PaceChunkBytes));
                foreach (var segment in chunk)
                {
                    var data = segment.Span;
                    while (!data.IsEmpty)
                    {
                        var piece = data[..Math.Min(data.Length, scratch.Length)];
                        data = data[piece.Length..];
                        if (chunked is null)
                        {
                            Feed(piece);
                        }
                        else
                        {
                            Feed(scratch.AsSpan(0, chunked.Decode(piece, scratch)));
                        }
                    }
                }

                bool all = chunk.End.Equals(read.Buffer.End);
                input.AdvanceTo(chunk.End);
                if (live.Rejected)
                {
                    return "taken off air after silence";
                }

                // Decode no faster than the air plays it: with more than the prebuffer and 2 s waiting, stop reading
                // (TCP's window then slows the sender) instead of decoding a fast sender's audio only to drop it.
                if (live.Audio.Available > aheadLimit)
                {
                    if (!await WaitForRoomAsync(aheadLimit, timeout, connection.ConnectionClosed).ConfigureAwait(false))
                    {
                        return lifetime.ApplicationStopping.IsCancellationRequested ? "the station is stopping" : "connection closed";
                    }

                    lastAudio = time.GetTimestamp(); // the wait was ours, not a source gone quiet
                }

                if (decoder.FramesDecoded != framesBefore)
                {
                    framesBefore = decoder.FramesDecoded;
                    lastAudio = time.GetTimestamp();
                    bytesSinceAudio = false;
                }
                else if (time.GetElapsedTime(lastAudio) >= timeout)
                {
                    return $"sent no decodable audio for {timeout.TotalSeconds} s";
                }

                if ((read.IsCompleted && all) || chunked?.Finished == true)
                {
                    return "source closed the stream";
                }
            }
        }
        catch (InvalidDataException e)
        {
            return $"dropped: {e.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(audio);
        }
    }

    /// <summary>
    /// Waits until the live FIFO is back under <paramref name="limit"/> (at most <paramref name="longest"/>: if the air
    /// stops taking live audio, reading goes on and the FIFO drops its oldest); false when the connection or the station ended first.
    /// </summary>
    private async Task<bool> WaitForRoomAsync(int limit, TimeSpan longest, CancellationToken connectionClosed)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, lifetime.ApplicationStopping);
        long started = time.GetTimestamp();
        try
        {
            while (live.Audio.Available > limit && !live.Rejected && time.GetElapsedTime(started) < longest)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, stop.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ErrorAsync(System.IO.Pipelines.PipeWriter output, string status, string body, ConnectionContext connection)
    {
        output.Write(StreamHeaders.Serialize("HTTP/1.0 " + status, StreamHeaders.Common(options, "text/plain; charset=utf-8", time.GetUtcNow())));
        output.Write(Encoding.UTF8.GetBytes(body));
        await output.FlushAsync(connection.ConnectionClosed).ConfigureAwait(false);
    }

    [LoggerMessage(HostLogIds.Source + 0, LogLevel.Information, "Live source {Presenter} connected from {Ip} ({Method}, {UserAgent})")]
    private static partial void SourceConnected(ILogger logger, string presenter, string ip, string method, string userAgent);

    [LoggerMessage(HostLogIds.Source + 1, LogLevel.Information, "Live source {Presenter} from {Ip} ended: {Reason}")]
    private static partial void SourceDisconnected(ILogger logger, string presenter, string ip, string reason);

    [LoggerMessage(HostLogIds.Source + 2, LogLevel.Information, "Source from {Ip} refused: {Reason}")]
    private static partial void SourceRefused(ILogger logger, string ip, string reason);
}
