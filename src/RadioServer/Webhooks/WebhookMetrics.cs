using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RadioServer.Webhooks;

/// <summary>
/// <c>radioserver_webhook_deliveries_total{hook}</c> (delivered), <c>radioserver_webhook_failures_total{hook}</c> (every failed
/// attempt) and <c>radioserver_webhook_dropped_total{hook,reason}</c> (<c>queue_full</c>: the oldest waiting delivery pushed
/// out of a full queue; <c>gave_up</c>: out of attempts or refused for good; <c>discarded</c>: waiting when its hook was
/// removed or changed, or when the station stopped). Every series of a hook exists from its start, zeros included, and
/// stays after a reload removes the hook (counters never go back).
/// </summary>
internal sealed class WebhookMetrics
{
    private static readonly string[] Reasons = ["queue_full", "gave_up", "discarded"];
    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal); // delivered, failed, then one per reason

    public WebhookMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableCounter("radioserver_webhook_deliveries", () => PerHook(0),
            description: "Webhook deliveries the receiver accepted (2xx), per hook.");
        meter.CreateObservableCounter("radioserver_webhook_failures", () => PerHook(1),
            description: "Failed webhook attempts (error, timeout or non-2xx answer), per hook.");
        meter.CreateObservableCounter("radioserver_webhook_dropped", PerHookAndReason,
            description: "Webhook deliveries never delivered, per hook and reason (queue_full, gave_up, discarded).");
    }

    /// <summary>Exports every series of <paramref name="hook"/>, at zero until something happens.</summary>
    public void Start(string hook) => Counts(hook);

    public void Delivered(string hook) => Interlocked.Increment(ref Counts(hook)[0]);

    public void Failed(string hook) => Interlocked.Increment(ref Counts(hook)[1]);

    public void Dropped(string hook, string reason, long count = 1) => Interlocked.Add(ref Counts(hook)[2 + Array.IndexOf(Reasons, reason)], count);

    private long[] Counts(string hook) => _counts.GetOrAdd(hook, static _ => new long[2 + Reasons.Length]);

    private IEnumerable<Measurement<long>> PerHook(int index) =>
        _counts.Select(c => new Measurement<long>(Interlocked.Read(ref c.Value[index]), new KeyValuePair<string, object?>("hook", c.Key)));

    private IEnumerable<Measurement<long>> PerHookAndReason() =>
        _counts.SelectMany(c => Reasons.Select((reason, i) => new Measurement<long>(Interlocked.Read(ref c.Value[2 + i]),
            new KeyValuePair<string, object?>("hook", c.Key), new KeyValuePair<string, object?>("reason", reason))));
}
