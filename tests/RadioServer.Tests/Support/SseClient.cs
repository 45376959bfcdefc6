using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace RadioServer.Tests.Support;

/// <summary>
/// A server-sent-events subscriber: parses <c>event:</c>/<c>data:</c> lines and hands each event's JSON over
/// with the <see cref="Stopwatch"/> timestamp at which its last line arrived.
/// </summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(long Timestamp, JsonDocument Data)> _events = Channel.CreateUnbounded<(long, JsonDocument)>();
    private Task _reader = Task.CompletedTask;

    /// <summary>Stopwatch timestamp just before the request was sent.</summary>
    public long RequestedAt { get; private set; }

    public string ContentType { get; private set; } = "";

    public static async Task<SseClient> ConnectAsync(Uri url)
    {
        var client = new SseClient();
        client.RequestedAt = Stopwatch.GetTimestamp();
        var response = await client._http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, client._stop.Token);
        response.EnsureSuccessStatusCode();
        client.ContentType = response.Content.Headers.ContentType?.ToString() ?? "";
        var stream = await response.Content.ReadAsStreamAsync(client._stop.Token);
        client._reader = client.ReadAsync(stream);
        return client;
    }

    /// <summary>The next event, or throws after <paramref name="timeout"/>.</summary>
    public async Task<(long Timestamp, JsonDocument Data)> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _events.Reader.ReadAsync(cts.Token);
    }

    private async Task ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var data = new StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line.AsSpan(5).TrimStart(' '));
                }
                else if (line.Length == 0 && data.Length > 0)
                {
                    _events.Writer.TryWrite((Stopwatch.GetTimestamp(), JsonDocument.Parse(data.ToString())));
                    data.Clear();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _http.Dispose();
        _stop.Dispose();
    }
}
