using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using RadioServer.Configuration;
using RadioServer.Playout.Monitoring;
using RadioServer.Playout.Storage;

namespace RadioServer.Webhooks;

/// <summary>
/// Hot reload of <c>station.webhooks</c>, with the schedule file's rules: after station.yaml has been quiet for
/// <see cref="Debounce"/>, the file is read afresh (the command-line and environment overrides of the start still on
/// top) and the webhooks list alone is bound and validated. A bad edit (YAML or a webhook key) is logged once as
/// <c>file:line:column: message</c> and changes nothing; a good one is handed to the service, which swaps the hooks.
/// Other keys of the file are read only at start.
/// </summary>
internal sealed class WebhookConfigWatcher : IDisposable
{
    private readonly IConfigurationRoot _configuration;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Action<IReadOnlyList<WebhookOptions>> _apply;
    private readonly FileChangeWatcher _file;
    private readonly Lock _gate = new();
    private string? _lastRejected;

    public WebhookConfigWatcher(IConfigurationRoot configuration, string path, TimeProvider time, ILogger logger, Action<IReadOnlyList<WebhookOptions>> apply, bool watch = true)
    {
        ArgumentNullException.ThrowIfNull(time);
        _configuration = configuration;
        _path = Path.GetFullPath(path);
        _logger = logger;
        _apply = apply;
        _file = new FileChangeWatcher(_path, time, () => Reload(), watch);
    }

    /// <summary>How long the file must be quiet before it is read (editors write in several steps).</summary>
    public static TimeSpan Debounce => FileChangeWatcher.Debounce;

    /// <summary>The file changed: (re)start the quiet period.</summary>
    public void Changed() => _file.Changed();

    /// <summary>Reads and validates the webhooks now; applies them when valid. Returns whether they were accepted.</summary>
    public bool Reload()
    {
        lock (_gate)
        {
            try
            {
                var fresh = new YamlConfigurationProvider(new YamlConfigurationSource(_path, optional: false));
                var overrides = _configuration.Providers.SkipWhile(p => p is not YamlConfigurationProvider).Skip(1)
                    .Where(p => p is EnvironmentVariablesConfigurationProvider or CommandLineConfigurationProvider);
                IReadOnlyList<WebhookOptions> hooks;
                using (var root = new ConfigurationRoot([fresh, .. overrides]))
                {
                    hooks = StationConfigLoader.LoadWebhooks(root);
                }

                _lastRejected = null;
                _apply(hooks);
                return true;
            }
            catch (ConfigurationFileException e)
            {
                // The same bad file saved again (or touched) is not logged again.
                if (e.Message != _lastRejected)
                {
                    _lastRejected = e.Message;
                    WebhookLog.ReloadRejected(_logger, _path, e.Message.ReplaceLineEndings("; "));
                }

                return false;
            }
            catch (Exception e) when (FailureStreak.IsSurvivable(e, CancellationToken.None))
            {
                // Unreadable (permissions, a half-moved file): one line, and the watcher lives on for the next save
                // (this runs in a timer callback: an escaping exception would end the process).
                WebhookLog.ReloadFailed(_logger, _path, e.Message);
                return false;
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
