using Microsoft.Extensions.Logging;
using NAudio.Wave;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Live;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Playout.Relay;

/// <summary>
/// The audio of a relay item: an upstream HTTP/Icecast MP3 stream, fetched and decoded in the background into
/// a FIFO that the playout thread reads without ever waiting (underruns read as silence). It reconnects with
/// back-off when the upstream drops; if the upstream cannot be reached within the connect timeout at the start,
/// the item ends at once so the engine moves on to the next item (the fallback). Plays for the item's length.
/// </summary>
internal sealed partial class HttpRelaySampleProvider : ISampleProvider, IDisposable
{
    private readonly PcmFifo _fifo;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _totalSamples;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _delivered;
    private volatile bool _everConnected;
    private volatile bool _gaveUp;

    public HttpRelaySampleProvider(Uri url, TimeSpan length, StationFormat format, TimeSpan connectTimeout, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(format);
        WaveFormat = format.WaveFormat;
        _fifo = new PcmFifo(format.SampleRate * format.Channels * 10);
        _fifo.Open();
        _totalSamples = (long)(length.TotalSeconds * format.SampleRate) * format.Channels;
        _connectTimeout = connectTimeout;
        _time = time;
        _started = time.GetTimestamp();
        _ = Task.Run(() => FetchAsync(url, format, logger, _stop.Token));
    }

    public WaveFormat WaveFormat { get; }

    /// <summary>How long a connected upstream may send nothing before it counts as dropped.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    public int Read(Span<float> buffer)
    {
        if (_delivered >= _totalSamples || (_gaveUp && _fifo.Available == 0) ||
            (!_everConnected && _time.GetElapsedTime(_started) > _connectTimeout))
        {
            return 0;
        }

        int want = (int)Math.Min(buffer.Length, _totalSamples - _delivered);
        int got = _fifo.Read(buffer[..want]);
        buffer[got..want].Clear(); // an underrun airs as silence; the clock never waits for the network
        _delivered += want;
        return want;
    }

    private async Task FetchAsync(Uri url, StationFormat format, ILogger logger, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connect.CancelAfter(_connectTimeout);
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, connect.Token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                _everConnected = true;
                RelayConnected(logger, url.ToString());
                var decoder = new LiveMp3Decoder(format, _fifo);
                var buffer = new byte[16384];
                int n;
                // An upstream that stays connected but sends nothing is a drop like any other: reconnect.
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                while (true)
                {
                    quiet.CancelAfter(ReadTimeout);
                    try
                    {
                        n = await body.ReadAsync(buffer, quiet.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        throw new TimeoutException($"upstream sent nothing for {ReadTimeout.TotalSeconds:0} s");
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    decoder.Push(buffer.AsSpan(0, n));
                }

                backoff = TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (FailureStreak.IsSurvivable(e, ct))
            {
                RelayFailed(logger, url.ToString(), e.Message);
                if (!_everConnected)
                {
                    _gaveUp = true;
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Delay(backoff, _time, ct).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    [LoggerMessage(PlayoutLogIds.Relay + 0, LogLevel.Information, "Relay item: receiving {Url}")]
    private static partial void RelayConnected(ILogger logger, string url);

    [LoggerMessage(PlayoutLogIds.Relay + 1, LogLevel.Warning, "Relay item {Url}: {Error}")]
    private static partial void RelayFailed(ILogger logger, string url, string error);
}
