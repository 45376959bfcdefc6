using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1 (real Kestrel): keeps every request with its headers, body and arrival time, and
/// answers 503 while <see cref="Down"/> is set (a receiver that is down for a while).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Received> _requests = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>One request as it arrived; <see cref="At"/> is the receiver's wall clock.</summary>
    public sealed record Received(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At, long Timestamp)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);

        public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>While true every request is answered 503 (and still recorded).</summary>
    public bool Down { get; set; }

    /// <summary>While true every request is recorded and never answered (until the client gives up).</summary>
    public bool Hang { get; set; }

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Requests answered 2xx.</summary>
    public IReadOnlyList<Received> Accepted
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(r => r.Headers.ContainsKey(":accepted"))];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            bool down = receiver.Down;
            if (!down)
            {
                headers[":accepted"] = "1";
            }

            lock (receiver._requests)
            {
                receiver._requests.Add(new Received(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", headers, body.ToArray(),
                    TimeProvider.System.GetUtcNow(), Stopwatch.GetTimestamp()));
            }

            if (receiver.Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                return;
            }

            context.Response.StatusCode = down ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status204NoContent;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUri = new Uri(address);
        return receiver;
    }

    /// <summary>Whether <paramref name="signature"/> is <c>sha256=</c> and the HMAC-SHA256 of <paramref name="data"/> under <paramref name="secret"/>.</summary>
    public static bool Verify(string? signature, string secret, byte[] data) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(signature),
            System.Text.Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), data))));

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; returns whether it held.</summary>
    public static Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout) => Until.TrueAsync(condition, timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
