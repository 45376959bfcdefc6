namespace RadioServer.Configuration;

/// <summary><c>station.webhooks</c> and <c>station.listener_milestones</c>: checked at start with the rest, and alone on a hot reload.</summary>
public static partial class StationConfigLoader
{
    /// <summary>
    /// Hot reload of <c>station.webhooks</c> alone: binds and validates that list from <paramref name="configuration"/> (the
    /// YAML file read afresh, with the command-line and environment overrides on top) and returns it; throws
    /// <see cref="ConfigurationFileException"/> listing every problem as file:line:column when it is not valid.
    /// </summary>
    public static IReadOnlyList<WebhookOptions> LoadWebhooks(IConfiguration configuration)
    {
        var settings = SettingsReader.Collect(configuration, $"{Section}:webhooks");
        var errors = new List<string>();
        var options = settings.Bind<StationOptions>(Section, errors);
        ValidateWebhooks(options, settings.Where, errors);
        return errors.Count > 0 ? throw new ConfigurationFileException(string.Join(Environment.NewLine, errors)) : options.Webhooks;
    }

    private static void ValidateWebhooks(StationOptions o, Func<string, string> where, List<string> errors)
    {
        // A missing key has no line of its own: point at a key of the same hook that was written.
        string At(int i, string key) => new[] { key, "url", "name", "format", "template", "events" }
            .Select(k => $"station:webhooks:{i}:{k}").FirstOrDefault(k => !where(k).StartsWith("setting '", StringComparison.Ordinal)) ?? $"station:webhooks:{i}";
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"{where(key)}: {message}");
            }
        }

        static bool IsEnvName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);
        for (int i = 0; i < o.ListenerMilestones.Count; i++)
        {
            Check(o.ListenerMilestones[i] >= 1, $"station:listenermilestones:{i}", $"listener_milestones: {o.ListenerMilestones[i]} is not a count of 1 or more");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < o.Webhooks.Count; i++)
        {
            var h = o.Webhooks[i];
            string k = $"station:webhooks:{i}";
            bool tunein = h.Format == WebhookFormat.TuneIn;
            Check(Uri.TryCreate(h.EffectiveUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https", At(i, h.UrlEnv.Length > 0 ? "urlenv" : "url"),
                h.UrlEnv.Length > 0 ? $"url_env: the environment variable {h.UrlEnv} must hold the webhook's http://… or https://… URL" : $"webhook url '{h.Url}' must be http://… or https://…");
            Check(h.Url.Length == 0 || h.UrlEnv.Length == 0, At(i, "urlenv"), "give a webhook url or url_env, not both");
            Check(names.Add(h.EffectiveName), At(i, "name"), $"two webhooks are named '{h.EffectiveName}': give each its own name");
            for (int j = 0; j < h.Events.Count; j++)
            {
                Check(Events.StationEvent.Parse(h.Events[j]) is not null, $"{k}:events:{j}",
                    $"webhook event '{h.Events[j]}' is not one of {string.Join(", ", Enum.GetValues<Events.StationEventKind>().Select(Events.StationEvent.NameOf))}");
                Check(!tunein || h.Events[j] == "song_changed", $"{k}:events:{j}", "a tunein webhook sends song_changed only");
            }

            Check(h.Format != WebhookFormat.Template || h.Template.Length > 0, At(i, "template"), "format: template needs a template");
            Check(h.Method.ToUpperInvariant() is "GET" or "POST", At(i, "method"), $"webhook method '{h.Method}' must be GET or POST");
            try
            {
                foreach (var (name, _) in WebhookOptions.TemplateParts(h.Template).Where(p => p.IsPlaceholder))
                {
                    Check(WebhookOptions.Placeholders.Contains(name), At(i, "template"),
                        $"template placeholder '{{{{{name}}}}}' is not one of {string.Join(", ", WebhookOptions.Placeholders)}");
                }
            }
            catch (FormatException e)
            {
                Check(false, At(i, "template"), $"template: {e.Message}");
            }

            if (h.SecretEnv.Length > 0)
            {
                Check(IsEnvName(h.SecretEnv), $"{k}:secretenv", $"secret_env must name an environment variable (letters, digits, _), not '{h.SecretEnv}'");
                Check(Environment.GetEnvironmentVariable(h.SecretEnv) is { Length: > 0 }, $"{k}:secretenv", $"secret_env: the environment variable {h.SecretEnv} is not set");
            }

            if (tunein || h.PartnerKeyEnv.Length > 0)
            {
                Check(IsEnvName(h.PartnerKeyEnv) && Environment.GetEnvironmentVariable(h.PartnerKeyEnv) is { Length: > 0 }, At(i, "partnerkeyenv"),
                    $"partner_key_env must name a set environment variable holding TuneIn's partnerKey ('{h.PartnerKeyEnv}' is not set)");
            }

            if (tunein)
            {
                Check(h.PartnerId.Length > 0, At(i, "partnerid"), "a tunein webhook needs partner_id");
                Check(h.StationId.Length > 1 && h.StationId[0] == 's' && h.StationId[1..].All(char.IsAsciiDigit), At(i, "stationid"),
                    $"station_id '{h.StationId}' must be TuneIn's station id: s and digits (e.g. s12345)");
            }

            Check(h.SignatureHeader.Length > 0 && h.SignatureHeader.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), At(i, "signatureheader"),
                $"signature_header '{h.SignatureHeader}' must be a header name (letters, digits, -)");
            Check(h.TimeoutSeconds is >= 0.1 and <= 60, At(i, "timeoutseconds"), "timeout_seconds must be between 0.1 and 60");
            Check(h.MaxAttempts is >= 1 and <= 100, At(i, "maxattempts"), "max_attempts must be between 1 and 100");
            Check(h.RetryInitialSeconds is >= 0.05 and <= 3600, At(i, "retryinitialseconds"), "retry_initial_seconds must be between 0.05 and 3600");
            Check(h.RetryMaxSeconds >= h.RetryInitialSeconds && h.RetryMaxSeconds <= 86400, At(i, "retrymaxseconds"), "retry_max_seconds must be between retry_initial_seconds and 86400");
            Check(h.QueueLength is >= 1 and <= 10000, At(i, "queuelength"), "queue_length must be between 1 and 10000");
        }
    }
}
