using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using RadioServer.Configuration;
using RadioServer.Tests.Support;
using RadioServer.Webhooks;

namespace RadioServer.Tests.Webhooks;

/// <summary>One hook's delivery loop on fake time: back-off schedule, bounded queue, giving up, shutdown budget.</summary>
[Trait("Layer", "Unit")]
public sealed class WebhookHookTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly Meter _meter = new("RadioServer.Tests.Webhooks");
    private readonly LogCapture _logs = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>A receiver on fake time: refuses connections until <see cref="DownUntil"/>, then answers <see cref="Status"/>; or hangs.</summary>
    private sealed class FakeReceiver(FakeTimeProvider time) : HttpMessageHandler
    {
        private readonly List<DateTimeOffset> _calls = [];

        public DateTimeOffset DownUntil { get; set; }

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public bool Hang { get; set; }

        /// <summary>When set, every request has arrived (and is counted) but its answer waits for this.</summary>
        public TaskCompletionSource? Answer { get; set; }

        public IReadOnlyList<DateTimeOffset> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            lock (_calls)
            {
                _calls.Add(now);
            }

            if (Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            if (Answer is { } answer)
            {
                await answer.Task.WaitAsync(cancellationToken);
            }

            return now < DownUntil ? throw new HttpRequestException("Connection refused") : new HttpResponseMessage(Status);
        }
    }

    private WebhookHook Hook(FakeReceiver receiver, int queueLength = 10, int maxAttempts = 10) =>
        new(WebhookDefinition.From(new WebhookOptions
        {
            Name = "test", Url = "http://127.0.0.1:9/hook", QueueLength = queueLength, MaxAttempts = maxAttempts, RetryInitialSeconds = 1, RetryMaxSeconds = 60,
        }), new HttpMessageInvoker(receiver), _time, new WebhookMetrics(_meter), _logs.CreateLogger("webhooks"));

    private static WebhookDelivery Delivery(int n) =>
        new($"d{n}", "song_changed", HttpMethod.Post, new Uri("http://127.0.0.1:9/hook"), [(byte)'{', (byte)'}'], "application/json", null);

    [Fact]
    public async Task Deliver_ReceiverDownFor30Seconds_RetriesWithDoublingBackoffThenSucceedsQueueBounded()
    {
        var receiver = new FakeReceiver(_time) { DownUntil = Start + TimeSpan.FromSeconds(30) };
        var hook = Hook(receiver, queueLength: 10);
        hook.Start(_stopping.Token);
        hook.Enqueue(Delivery(0));
        int maxQueued = 0;
        for (int attempt = 1; hook.Delivered == 0; attempt++)
        {
            // Wait for this attempt to have failed and the loop to wait for its retry (or to have succeeded), then move time to the retry.
            Assert.True(await WebhookReceiver.WaitUntil(() => hook.Delivered > 0 || (receiver.Calls.Count == attempt && hook.RetryAt is not null), TimeSpan.FromSeconds(5)),
                $"attempt {attempt}: calls {receiver.Calls.Count}, retry at {hook.RetryAt}");
            if (hook.Delivered > 0)
            {
                break;
            }

            if (attempt == 2)
            {
                // Events keep coming while the receiver is down: the queue holds 10, the oldest waiting ones go.
                for (int n = 1; n <= 50; n++)
                {
                    hook.Enqueue(Delivery(n));
                    maxQueued = Math.Max(maxQueued, hook.Queued);
                }
            }

            _time.SetUtcNow(hook.RetryAt!.Value);
        }

        Assert.True(await WebhookReceiver.WaitUntil(() => hook.Delivered == 11, TimeSpan.FromSeconds(5)), $"delivered {hook.Delivered}");
        var offsets = receiver.Calls.Select(c => (c - Start).TotalSeconds).ToList();
        Assert.Equal([0, 1, 3, 7, 15, 31], offsets.Take(6)); // 1 s doubling: 1, 2, 4, 8, 16; the receiver is back at 30 s
        Assert.Equal(5, hook.FailedAttempts);
        Assert.Equal(0, hook.GaveUp);
        Assert.Equal(10, maxQueued);
        Assert.Equal(40, hook.QueueFull); // 50 queued behind the one being retried, 10 kept
        Assert.Equal(0, hook.Queued);
        // One line when the streak began, one when it ended: not one per retry.
        Assert.Single(_logs.Lines, l => l.Contains("Webhook test (http://127.0.0.1:9/…) failed: Connection refused", StringComparison.Ordinal));
        Assert.Single(_logs.Lines, l => l.Contains("Webhook test delivers again after 5 failed attempt(s); 0 delivery(ies) given up and 40 dropped", StringComparison.Ordinal));
        Assert.Equal(2, _logs.Lines.Count);
    }

    [Fact]
    public async Task Deliver_ReceiverStaysDown_GivesUpAfterMaxAttemptsAndGoesOn()
    {
        var receiver = new FakeReceiver(_time) { DownUntil = DateTimeOffset.MaxValue };
        var hook = Hook(receiver, maxAttempts: 3);
        hook.Start(_stopping.Token);
        hook.Enqueue(Delivery(0));
        hook.Enqueue(Delivery(1));
        foreach (int calls in (int[])[1, 2, 4, 5]) // the third attempt of each delivery is its last: no wait after it
        {
            Assert.True(await WebhookReceiver.WaitUntil(() => receiver.Calls.Count == calls && hook.RetryAt is not null, TimeSpan.FromSeconds(5)), $"call {calls}");
            _time.SetUtcNow(hook.RetryAt!.Value);
        }

        Assert.True(await WebhookReceiver.WaitUntil(() => hook.GaveUp == 2, TimeSpan.FromSeconds(5)), $"gave up {hook.GaveUp}");
        Assert.Equal(6, receiver.Calls.Count); // 3 attempts each
        Assert.Equal(6, hook.FailedAttempts);
        Assert.Single(_logs.Lines); // one streak, one line
    }

    [Fact]
    public async Task Deliver_ReceiverRefusesWith4xx_NotRetried()
    {
        var receiver = new FakeReceiver(_time) { Status = HttpStatusCode.Unauthorized };
        var hook = Hook(receiver);
        hook.Start(_stopping.Token);
        hook.Enqueue(Delivery(0));
        Assert.True(await WebhookReceiver.WaitUntil(() => hook.GaveUp == 1, TimeSpan.FromSeconds(5)));
        Assert.Single(receiver.Calls);
        Assert.Contains(_logs.Lines, l => l.Contains("HTTP 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enqueue_ReceiverHangs_NeverBlocksAndQueueStaysBounded()
    {
        // What the playout thread's follower relies on: queuing never waits, whatever the receiver does.
        var receiver = new FakeReceiver(_time) { Hang = true };
        var hook = Hook(receiver, queueLength: 5);
        hook.Start(_stopping.Token);
        hook.Enqueue(Delivery(0));
        Assert.True(await WebhookReceiver.WaitUntil(() => receiver.Calls.Count == 1, TimeSpan.FromSeconds(5)));
        // A deadline for finishing at all (an enqueue that waited for the hung receiver would never finish), not a speed
        // check: how fast queuing is belongs in bench/.
        int maxQueued = 0;
        await Task.Run(() =>
        {
            for (int n = 1; n <= 10_000; n++)
            {
                hook.Enqueue(Delivery(n));
                maxQueued = Math.Max(maxQueued, hook.Queued);
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, maxQueued);
        Assert.Equal(10_000 - 5, hook.QueueFull);
        Assert.Single(receiver.Calls);
    }

    [Fact]
    public async Task StopAsync_ReceiverHangs_BudgetEndsItAndCountsWhatWasNotSent()
    {
        var receiver = new FakeReceiver(_time) { Hang = true };
        var hook = Hook(receiver);
        hook.Start(_stopping.Token);
        hook.Enqueue(Delivery(0));
        hook.Enqueue(Delivery(1));
        hook.Enqueue(Delivery(2));
        Assert.True(await WebhookReceiver.WaitUntil(() => receiver.Calls.Count == 1, TimeSpan.FromSeconds(5)));

        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
        var stop = hook.StopAsync(budget.Token);
        await Task.Delay(200);
        Assert.False(stop.IsCompleted); // the attempt under way still has the budget
        _time.Advance(TimeSpan.FromSeconds(2));
        await stop.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Single(receiver.Calls); // cut by the budget; no attempt starts after it
        Assert.Equal(3, hook.Discarded);
        Assert.Contains(_logs.Lines, l => l.Contains("Webhook test: 3 delivery(ies) not sent before the station stopped", StringComparison.Ordinal));
        hook.Enqueue(Delivery(3)); // after the stop: dropped at once, never blocks
        Assert.Equal(4, hook.Discarded);
    }

    [Fact]
    public async Task StopAsync_AttemptUnderWayAnsweredWithinBudget_DeliveredOnceNotSentAgain()
    {
        // The receiver has the request (station_stopping, say) when the station begins to stop; its answer comes after.
        // Cutting the attempt would send it a second time from StopAsync (seen on a real station: two station_stopping
        // with one id, 1.4 ms apart).
        var receiver = new FakeReceiver(_time) { Answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var hook = Hook(receiver);
        hook.Start(_stopping.Token);
        hook.Enqueue(Delivery(0));
        Assert.True(await WebhookReceiver.WaitUntil(() => receiver.Calls.Count == 1, TimeSpan.FromSeconds(5)));

        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
        await _stopping.CancelAsync(); // the station's stopping token fires first, as in WebhookService
        var stop = hook.StopAsync(budget.Token);
        await Task.Delay(200);
        receiver.Answer.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Single(receiver.Calls);
        Assert.Equal(1, hook.Delivered);
        Assert.Equal(0, hook.FailedAttempts);
        Assert.Equal(0, hook.Discarded);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _meter.Dispose();
        _logs.Dispose();
    }
}
