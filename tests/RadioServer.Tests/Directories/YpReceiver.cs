using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace RadioServer.Tests.Directories;

/// <summary>
/// A YP directory on 127.0.0.1, as the directory listing protocol describes one: <c>yp-cgi</c> takes form-encoded POSTs
/// with <c>action</c> = <c>add</c> (answers <c>YPResponse</c>, <c>YPMessage</c>, a new <c>SID</c> and <c>TouchFreq</c>),
/// <c>touch</c> and <c>remove</c> (both refused with <c>YPResponse: 0</c> for a SID it does not know). Every request is kept.
/// </summary>
internal sealed class YpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<YpRequest> _requests = new();
    private readonly ConcurrentDictionary<string, bool> _sids = new(StringComparer.Ordinal);
    private int _next;

    private YpReceiver(WebApplication app) => _app = app;

    /// <summary>The <c>yp-cgi</c> address.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Seconds sent as <c>TouchFreq</c> with every add.</summary>
    public int TouchFreq { get; set; } = 1;

    /// <summary>Never answer a remove (a directory that hangs while the station stops).</summary>
    public bool HangOnRemove { get; set; }

    public IReadOnlyList<YpRequest> Requests => [.. _requests];

    public static async Task<YpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new YpReceiver(app);
        app.MapPost("/cgi-bin/yp-cgi", receiver.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/cgi-bin/yp-cgi");
        return receiver;
    }

    /// <summary>Forgets every listing (a directory restarted or expired them): the next touches are refused.</summary>
    public void Forget() => _sids.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        var fields = YpFormTests.Decode(body);
        var request = new YpRequest(fields.GetValueOrDefault("action", ""), fields, context.Request.ContentType ?? "", body);
        _requests.Enqueue(request);
        if (request.Action == "remove" && HangOnRemove)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        var h = context.Response.Headers;
        string sid = fields.GetValueOrDefault("sid", "");
        switch (request.Action)
        {
            case "add":
                string id = $"{Interlocked.Increment(ref _next)}.{Guid.NewGuid():N}";
                _sids[id] = true;
                h["YPResponse"] = "1";
                h["YPMessage"] = "Successfully added";
                h["SID"] = id;
                h["TouchFreq"] = TouchFreq.ToString(CultureInfo.InvariantCulture);
                break;
            case "touch" when _sids.ContainsKey(sid):
                h["YPResponse"] = "1";
                h["YPMessage"] = "Updated server info";
                break;
            case "remove" when _sids.TryRemove(sid, out _):
                h["YPResponse"] = "1";
                h["YPMessage"] = "Deleted server info";
                break;
            default:
                h["YPResponse"] = "0";
                h["YPMessage"] = "SID does not exist";
                break;
        }
    }
}

/// <summary>One request a <see cref="YpReceiver"/> got: its action, its decoded fields, the request's content type and the raw body.</summary>
internal sealed record YpRequest(string Action, IReadOnlyDictionary<string, string> Fields, string ContentType, string Body)
{
    public string this[string name] => Fields.TryGetValue(name, out string? value) ? value : "";
}
