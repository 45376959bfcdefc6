using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RadioServer.Tests.Support;

/// <summary>
/// Headless Chromium from Debian (<c>/usr/bin/chromium</c>) driven over the Chrome DevTools protocol on a
/// WebSocket: one page, commands with <see cref="SendAsync"/>, JavaScript with <see cref="EvaluateAsync"/>.
/// Written by hand (about 150 lines) instead of Playwright so the test needs no browser download and no NuGet package.
/// </summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private Task _receiver = Task.CompletedTask;
    private string _session = "";
    private int _nextId;

    private ChromiumBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<ChromiumBrowser> LaunchAsync(params string[] extraArgs)
    {
        string exe = ExternalTool.Require("chromium");
        string profile = StationHost.TempDir();
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile}",
                     "--autoplay-policy=no-user-gesture-required", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--mute-audio", .. extraArgs, "about:blank"])
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi)!;
        var browser = new ChromiumBrowser(process, profile);
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? endpoint = null;
        while (endpoint is null && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            const string marker = "DevTools listening on ";
            if (line.StartsWith(marker, StringComparison.Ordinal))
            {
                endpoint = line[marker.Length..].Trim();
            }
        }

        _ = process.StandardError.ReadToEndAsync();
        if (endpoint is null)
        {
            await browser.DisposeAsync();
            throw new InvalidOperationException("chromium did not print its DevTools endpoint");
        }

        await browser._socket.ConnectAsync(new Uri(endpoint), timeout.Token);
        browser._receiver = browser.ReceiveAsync();
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
        var attached = await browser.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, browserLevel: true);
        browser._session = attached.GetProperty("sessionId").GetString()!;
        return browser;
    }

    /// <summary>Sends one DevTools command to the page (or the browser) and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel)
        {
            message["sessionId"] = _session;
        }

        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        }
        finally
        {
            _send.Release();
        }

        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Evaluates JavaScript in the page (awaiting a promise) and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var error))
        {
            throw new InvalidOperationException($"{expression}: {error}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>A real left mouse click (press and release) in the middle of the element with <paramref name="id"/>.</summary>
    public async Task ClickAsync(string id)
    {
        var box = await EvaluateAsync($"(() => {{ const r = document.getElementById('{id}').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()");
        foreach (string type in (string[])["mousePressed", "mouseReleased"])
        {
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type, ["x"] = box[0].GetDouble(), ["y"] = box[1].GetDouble(), ["button"] = "left", ["clickCount"] = 1,
            });
        }
    }

    /// <summary>Polls <paramref name="expression"/> until it is true, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string expression, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await EvaluateAsync(expression)).ValueKind == JsonValueKind.True)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"not true after {timeout.TotalSeconds} s: {expression}");
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage)
                {
                    continue;
                }

                using var doc = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (doc.RootElement.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var reply))
                {
                    if (doc.RootElement.TryGetProperty("error", out var error))
                    {
                        reply.TrySetException(new InvalidOperationException(error.ToString()));
                    }
                    else
                    {
                        reply.TrySetResult(doc.RootElement.GetProperty("result").Clone());
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiver;
        }
        finally
        {
            _socket.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            _stop.Dispose();
            _send.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium may still be writing its profile while it exits
            }
        }
    }
}
