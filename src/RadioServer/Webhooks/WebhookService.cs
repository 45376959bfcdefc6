using System.Diagnostics.Metrics;
using System.Threading.Channels;
using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.NowPlaying;
using RadioServer.Playout.Monitoring;
using RadioServer.Telemetry;

namespace RadioServer.Webhooks;

/// <summary>
/// The station's webhooks (<c>station.webhooks</c>). Follows <see cref="StationEvents"/>: the follower only puts the event
/// in a bounded intake and returns (it runs on the publisher's thread, often the playout thread); this service's loop
/// takes the now-playing document for <c>song_changed</c>, renders each interested hook's request and queues it with
/// that hook (<see cref="WebhookHook"/>: bounded, never blocking, retried with back-off). When station.yaml changes, the
/// webhooks are re-read (<see cref="WebhookConfigWatcher"/>): unchanged hooks keep their queue, removed or changed ones
/// drop what waits for them (counted as <c>discarded</c>). On stop, <c>station_stopping</c> and whatever else waits gets
/// one attempt within <see cref="ShutdownBudget"/>. Also runs the <see cref="ListenerMilestoneWatcher"/>.
/// </summary>
internal sealed class WebhookService : BackgroundService, IHostedLifecycleService
{
    /// <summary>How long a stopping station gives its hooks (the host cuts every service after 3 s, the process is gone within 5 s).</summary>
    public static readonly TimeSpan ShutdownBudget = TimeSpan.FromSeconds(2);

    private readonly StationOptions _options;
    private readonly StationEvents _events;
    private readonly NowPlayingService _nowPlaying;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BackgroundFailures _failures;
    private readonly WebhookMetrics _metrics;
    private readonly IConfigurationRoot? _configuration;
    private readonly HttpClient _http;
    private readonly Channel<StationEvent> _intake;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly string _baseUrl;
    private volatile WebhookHook[] _hooks;
    private CancellationToken _stopping;
    private bool _started;
    private bool _stopped;

    public WebhookService(StationOptions options, StationEvents events, NowPlayingService nowPlaying, TimeProvider time, IMeterFactory meters,
        BackgroundFailures failures, ILogger<WebhookService> logger, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(meters);
        _options = options;
        _events = events;
        _nowPlaying = nowPlaying;
        _time = time;
        _logger = logger;
        _failures = failures;
        _configuration = configuration as IConfigurationRoot;
        _baseUrl = options.Url.TrimEnd('/');
        var meter = meters.Create(MeterNames.Health);
        _metrics = new WebhookMetrics(meter);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each attempt has the hook's own timeout, on the injected clock
        };
        _hooks = [.. options.Webhooks.Select(o => NewHook(WebhookDefinition.From(o)))];
        meter.CreateObservableGauge("radioserver_webhook_queue_length",
            () => _hooks.Select(h => new Measurement<int>(h.Queued, new KeyValuePair<string, object?>("hook", h.Name))),
            description: "Deliveries waiting in each webhook's queue (at most its queue_length).");
        _intake = Channel.CreateBounded<StationEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => failures.Count("webhooks"));
        events.Follow(e => _intake.Writer.TryWrite(e));
    }

    /// <summary>The hooks now running.</summary>
    public IReadOnlyList<WebhookHook> Hooks => _hooks;

    public override void Dispose()
    {
        _http.Dispose();
        _shutdown.Dispose();
        base.Dispose();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The station is stopping: <c>station_stopping</c> is queued (the host may call this before it signals
    /// <c>ApplicationStopping</c>, so it is announced from here too, once), then the last deliveries start, alongside the
    /// other services' own stopping, so the budget adds nothing to the time the station takes to stop.
    /// </summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        _events.AnnounceStopping();
        return _shutdown.CancelAsync();
    }

    /// <summary>Returns at once: the services stop one after the other, and the hooks' last deliveries should not hold up the rest.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _events.AnnounceStopping();
        return _shutdown.CancelAsync();
    }

    /// <summary>Waits for the last deliveries (at most <see cref="ShutdownBudget"/> from <see cref="StoppingAsync"/>).</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => base.StopAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _shutdown.Token);
        stoppingToken = stopping.Token;
        WebhookHook[] hooks;
        lock (_gate)
        {
            _stopping = stoppingToken;
            _started = true;
            hooks = _hooks;
            foreach (var hook in hooks)
            {
                hook.Start(stoppingToken);
            }
        }

        if (hooks.Length > 0)
        {
            WebhookLog.Running(_logger, hooks.Length, Names(hooks));
        }

        using var milestones = _options.ListenerMilestones.Count > 0
            ? new ListenerMilestoneWatcher(_options.ListenerMilestones, () => _nowPlaying.TotalListeners, Reached, _time)
            : null;
        var watcher = _configuration?.Providers.OfType<YamlConfigurationProvider>().LastOrDefault() is { } yaml
            ? new WebhookConfigWatcher(_configuration, yaml.FilePath, _time, _logger, Apply)
            : null;
        try
        {
            await foreach (var e in _intake.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                Dispatch(e);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        finally
        {
            watcher?.Dispose();
        }

        // station_stopping was queued before this token fired (StoppingAsync announces it first): it waits in the intake.
        while (_intake.Reader.TryRead(out var left))
        {
            Dispatch(left);
        }

        lock (_gate)
        {
            _stopped = true;
            hooks = _hooks;
        }

        using var budget = new CancellationTokenSource(ShutdownBudget, _time);
        await Task.WhenAll(hooks.Select(h => h.StopAsync(budget.Token))).ConfigureAwait(false);
    }

    /// <summary>Renders <paramref name="e"/> for every hook that wants it and queues it there; never waits.</summary>
    private void Dispatch(StationEvent e)
    {
        NowPlayingDocument? document = null;
        string id = Guid.NewGuid().ToString("N");
        foreach (var hook in _hooks)
        {
            if (!hook.Definition.Wants(e.Kind))
            {
                continue;
            }

            try
            {
                if (e.Kind == StationEventKind.SongChanged && hook.Definition.Options.Format == WebhookFormat.Json)
                {
                    document ??= _nowPlaying.Snapshot(_baseUrl);
                }

                var context = new WebhookContext(_options.Name, _options.Url, e.Kind == StationEventKind.SongChanged ? document : null);
                hook.Enqueue(WebhookRenderer.Render(hook.Definition, e, context, id));
            }
            catch (Exception ex) when (FailureStreak.IsSurvivable(ex, CancellationToken.None))
            {
                WebhookLog.LoopFailed(_logger, ex);
                _failures.Count("webhooks");
            }
        }
    }

    /// <summary>A good edit of the file: unchanged hooks carry on, new and changed ones start, removed ones end.</summary>
    private void Apply(IReadOnlyList<WebhookOptions> options)
    {
        var definitions = options.Select(o => WebhookDefinition.From(o)).ToList();
        WebhookHook[] next;
        List<WebhookHook> retired;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var old = _hooks;
            next = [.. definitions.Select(d => old.FirstOrDefault(h => h.Definition.Fingerprint == d.Fingerprint) ?? NewHook(d))];
            if (next.SequenceEqual(old))
            {
                return; // another part of the file changed
            }

            foreach (var hook in next.Except(old))
            {
                if (_started)
                {
                    hook.Start(_stopping);
                }
            }

            retired = [.. old.Except(next)];
            _hooks = next;
        }

        _ = RetireAsync(retired, next);
    }

    private async Task RetireAsync(List<WebhookHook> retired, WebhookHook[] next)
    {
        try
        {
            long dropped = 0;
            foreach (var hook in retired)
            {
                dropped += await hook.RetireAsync().ConfigureAwait(false);
            }

            WebhookLog.Reloaded(_logger, _configuration?.Providers.OfType<YamlConfigurationProvider>().LastOrDefault()?.FilePath ?? "", next.Length, Names(next), dropped);
        }
        catch (Exception e) when (FailureStreak.IsSurvivable(e, CancellationToken.None))
        {
            WebhookLog.LoopFailed(_logger, e);
            _failures.Count("webhooks");
        }
    }

    private void Reached(int milestone)
    {
        WebhookLog.Milestone(_logger, milestone);
        _events.Publish(new StationEvent(StationEventKind.ListenerMilestone, _events.Now) { Listeners = milestone });
    }

    private WebhookHook NewHook(WebhookDefinition definition) => new(definition, _http, _time, _metrics, _logger, _failures.Count);

    private static string Names(IEnumerable<WebhookHook> hooks) => $"({string.Join(", ", hooks.Select(h => $"{h.Name} → {h.Definition.SafeUrl}"))})";
}
