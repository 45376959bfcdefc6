using System.Net;
using System.Threading.Channels;
using RadioServer.Playout.Monitoring;

namespace RadioServer.Webhooks;

/// <summary>
/// One hook at work: a bounded queue that never blocks whoever enqueues (when full, the oldest waiting delivery is
/// dropped and counted: the newest news is the one worth sending), and one loop sending the queue in order. A failed
/// attempt (connection error, timeout, 408/429/5xx) is retried after the hook's back-off, doubling each time, up to
/// <c>max_attempts</c>; any other answer is final. The first failure of a streak is logged, the rest only counted,
/// and the first success after it says how many there were. All waiting uses the injected <see cref="TimeProvider"/>.
/// </summary>
#pragma warning disable CA1001 // its loop's token sources are disposed when the loop ends (EndLoopAsync: the hook's stop or retirement)
internal sealed class WebhookHook
{
    private readonly Channel<WebhookDelivery> _queue;
    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;
    private readonly WebhookMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Action<string>? _failure;
    private readonly FailureStreak _streak = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private CancellationTokenSource? _abort;
    private Task _loop = Task.CompletedTask;
    private volatile WebhookDelivery? _current;
    private long _delivered;
    private long _failedAttempts;
    private long _queueFull;
    private long _gaveUp;
    private long _discarded;
    private long _gaveUpAtStreak;
    private long _queueFullAtStreak;
    private int _attempt;
    private DateTimeOffset? _retryAt;

    public WebhookHook(WebhookDefinition definition, HttpMessageInvoker http, TimeProvider time, WebhookMetrics metrics, ILogger logger, Action<string>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        _http = http;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _failure = failure;
        _queue = Channel.CreateBounded<WebhookDelivery>(
            new BoundedChannelOptions(definition.Options.QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ =>
            {
                Interlocked.Increment(ref _queueFull);
                _metrics.Dropped(Name, "queue_full");
            });
        metrics.Start(Name);
    }

    public WebhookDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>Deliveries waiting (the one being tried not included); never more than <c>queue_length</c>.</summary>
    public int Queued => _queue.Reader.Count;

    public long Delivered => Interlocked.Read(ref _delivered);

    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Waiting deliveries pushed out of the full queue.</summary>
    public long QueueFull => Interlocked.Read(ref _queueFull);

    public long GaveUp => Interlocked.Read(ref _gaveUp);

    public long Discarded => Interlocked.Read(ref _discarded);

    /// <summary>The attempt under way or last made for the delivery being tried (0 while idle).</summary>
    public int Attempt => Volatile.Read(ref _attempt);

    /// <summary>When the delivery being tried is tried again, while the loop waits for it (null otherwise).</summary>
    public DateTimeOffset? RetryAt
    {
        get
        {
            lock (_gate)
            {
                return _retryAt;
            }
        }
    }

    /// <summary>Queues <paramref name="delivery"/> at once; a full queue drops its oldest, a stopped hook drops this one.</summary>
    public void Enqueue(WebhookDelivery delivery)
    {
        if (!_queue.Writer.TryWrite(delivery))
        {
            Discard(1);
        }
    }

    /// <summary>
    /// Starts the delivery loop; it takes no further delivery and stops waiting for a retry when <paramref name="stopping"/>
    /// fires or the hook is retired or stopped. An attempt already under way is not cut by <paramref name="stopping"/>:
    /// the receiver may already have the request, and cutting it would only send it again in <see cref="StopAsync"/>
    /// (its own timeout, a retirement or the stop's budget end it).
    /// </summary>
    public void Start(CancellationToken stopping)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _abort = new CancellationTokenSource();
        var token = _stop.Token;
        var abort = _abort.Token;
        _loop = Task.Run(() => RunAsync(token, abort), CancellationToken.None);
    }

    /// <summary>The hook was removed or changed by a reload: its loop ends and what waits is dropped. Returns how many.</summary>
    public async Task<long> RetireAsync()
    {
        await EndLoopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        long count = 0;
        if (_current is not null)
        {
            _current = null;
            count++;
        }

        while (_queue.Reader.TryRead(out _))
        {
            count++;
        }

        Discard(count);
        return count;
    }

    /// <summary>
    /// The station stops: the loop ends (an attempt under way may finish while <paramref name="budget"/> lasts: if it
    /// succeeds, it is not sent again), and what waits (the delivery being retried first, then the queue, in order:
    /// <c>station_stopping</c> last) gets one attempt each while the budget lasts; the rest is dropped and logged.
    /// </summary>
    public async Task StopAsync(CancellationToken budget)
    {
        await EndLoopAsync(budget).ConfigureAwait(false);
        var pending = new List<WebhookDelivery>();
        if (_current is { } current)
        {
            pending.Add(current);
            _current = null;
        }

        while (_queue.Reader.TryRead(out var d))
        {
            pending.Add(d);
        }

        int sent = 0;
        try
        {
            foreach (var delivery in pending)
            {
                budget.ThrowIfCancellationRequested(); // no attempt starts once the budget is gone
                var outcome = await AttemptAsync(delivery, budget).ConfigureAwait(false);
                if (outcome.Ok)
                {
                    Succeeded();
                }
                else
                {
                    Failed(outcome.Reason);
                }

                sent++;
            }
        }
        catch (OperationCanceledException)
        {
            // the budget ran out
        }

        if (pending.Count > sent)
        {
            Discard(pending.Count - sent);
            WebhookLog.Unsent(_logger, Name, pending.Count - sent);
        }
    }

    /// <summary>Ends the loop: no more deliveries taken or retries waited for; the attempt under way is cut when <paramref name="abortWhen"/> fires.</summary>
    private async Task EndLoopAsync(CancellationToken abortWhen)
    {
        _queue.Writer.TryComplete();
        if (_stop is not null)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        var abort = _abort;
        using (abortWhen.Register(() => abort?.Cancel()))
        {
            await _loop.ConfigureAwait(false);
        }

        _stop?.Dispose();
        _abort?.Dispose();
    }

    /// <summary>Sends the queue in order until <paramref name="ct"/> fires; <paramref name="abort"/> cuts an attempt under way.</summary>
    private async Task RunAsync(CancellationToken ct, CancellationToken abort)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (!ct.IsCancellationRequested && _queue.Reader.TryRead(out var delivery))
                {
                    _current = delivery;
                    await DeliverAsync(delivery, ct, abort).ConfigureAwait(false);
                    _current = null;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested || abort.IsCancellationRequested)
        {
            // retired or stopping; the caller decides about what is left (_current: not delivered, one more try on a stop)
        }
        catch (Exception e) when (FailureStreak.IsSurvivable(e, ct))
        {
            WebhookLog.LoopFailed(_logger, e);
            _failure?.Invoke("webhooks");
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken ct, CancellationToken abort)
    {
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                Volatile.Write(ref _attempt, attempt);
                var outcome = await AttemptAsync(delivery, abort).ConfigureAwait(false);
                if (outcome.Ok)
                {
                    Succeeded();
                    return;
                }

                Failed(outcome.Reason);
                if (!outcome.Retry || attempt >= Definition.Options.MaxAttempts)
                {
                    Interlocked.Increment(ref _gaveUp);
                    _metrics.Dropped(Name, "gave_up");
                    return;
                }

                var wait = Definition.Backoff(attempt);
                if (outcome.RetryAfter is { } asked && asked > wait)
                {
                    wait = asked < TimeSpan.FromSeconds(Definition.Options.RetryMaxSeconds) ? asked : TimeSpan.FromSeconds(Definition.Options.RetryMaxSeconds);
                }

                var delay = Task.Delay(wait, _time, ct); // the timer exists before RetryAt says when it fires
                lock (_gate)
                {
                    _retryAt = _time.GetUtcNow() + wait;
                }

                await delay.ConfigureAwait(false);
                lock (_gate)
                {
                    _retryAt = null;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _attempt, 0);
            lock (_gate)
            {
                _retryAt = null;
            }
        }
    }

    /// <summary>One request within the hook's timeout. Throws only when <paramref name="ct"/> is cancelled.</summary>
    private async Task<Outcome> AttemptAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(Definition.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = delivery.ToRequest(Definition.Options.SignatureHeader);
        try
        {
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(true, false, null, "");
            }

            int status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter is { } r ? r.Delta ?? (r.Date - _time.GetUtcNow()) : null;
            bool retry = status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
            return new Outcome(false, retry, retryAfter, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(false, true, null, $"no answer within {Definition.Options.TimeoutSeconds:0.#} s");
        }
        catch (Exception e) when (FailureStreak.IsSurvivable(e, ct))
        {
            return new Outcome(false, true, null, e is HttpRequestException { InnerException: { } inner } ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    private void Succeeded()
    {
        Interlocked.Increment(ref _delivered);
        _metrics.Delivered(Name);
        int failures = _streak.Succeeded();
        if (failures > 0)
        {
            WebhookLog.StreakEnded(_logger, Name, failures, GaveUp - Interlocked.Read(ref _gaveUpAtStreak), QueueFull - Interlocked.Read(ref _queueFullAtStreak));
        }
    }

    private void Failed(string reason)
    {
        Interlocked.Increment(ref _failedAttempts);
        _metrics.Failed(Name);
        _failure?.Invoke("webhooks");
        _streak.Failed(reason);
        if (_streak.Count == 1)
        {
            Interlocked.Exchange(ref _gaveUpAtStreak, GaveUp);
            Interlocked.Exchange(ref _queueFullAtStreak, QueueFull);
            WebhookLog.StreakStarted(_logger, Name, Definition.SafeUrl, reason);
        }
    }

    private void Discard(long count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _discarded, count);
            _metrics.Dropped(Name, "discarded", count);
        }
    }

    /// <summary>How one attempt went: delivered; else whether to retry, after how long the receiver asked, and why it failed.</summary>
    private readonly record struct Outcome(bool Ok, bool Retry, TimeSpan? RetryAfter, string Reason);
}
#pragma warning restore CA1001
