using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RadioServer.Configuration;
using RadioServer.Events;

namespace RadioServer.Webhooks;

/// <summary>
/// A hook ready to run: its validated options with the event filter parsed and its secrets read from the environment.
/// The secrets live only here, in memory: never in the options, a log line or a status page.
/// </summary>
internal sealed class WebhookDefinition
{
    private readonly HashSet<StationEventKind> _events;

    private WebhookDefinition(WebhookOptions options, byte[]? secret, string partnerKey)
    {
        Options = options;
        Url = new Uri(options.EffectiveUrl);
        Secret = secret;
        PartnerKey = partnerKey;
        var events = options.Events.Select(StationEvent.Parse).OfType<StationEventKind>();
        _events = options.Format == WebhookFormat.TuneIn ? [StationEventKind.SongChanged] : [.. events];
        // Equal fingerprints: the same hook after a reload (its queue and streak carry on); the secrets count, as a hash.
        string secrets = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{(secret is null ? "" : Convert.ToBase64String(secret))}\n{partnerKey}")));
        Fingerprint = $"{JsonSerializer.Serialize(options, WebhookJsonContext.Default.WebhookOptions)}\n{secrets}";
    }

    public WebhookOptions Options { get; }

    /// <summary>The <c>{hook}</c> label and the name in log lines.</summary>
    public string Name => Options.EffectiveName;

    public Uri Url { get; }

    /// <summary>The HMAC-SHA256 key, or null when requests are not signed.</summary>
    public byte[]? Secret { get; }

    /// <summary>TuneIn's partnerKey (the <c>{{partner_key}}</c> placeholder), or empty.</summary>
    public string PartnerKey { get; }

    /// <summary>Identifies the hook's whole configuration, secrets included.</summary>
    public string Fingerprint { get; }

    public TimeSpan Timeout => TimeSpan.FromSeconds(Options.TimeoutSeconds);

    /// <summary>
    /// The URL as log lines show it: scheme, host and port only. User info and the query may carry a key, and so may the
    /// path (Discord's and Slack's webhook URLs are their token).
    /// </summary>
    public string SafeUrl => $"{Url.Scheme}://{Url.Authority}/…";

    /// <summary>Whether the hook sends events of <paramref name="kind"/>.</summary>
    public bool Wants(StationEventKind kind) => _events.Count == 0 || _events.Contains(kind);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first): the initial wait doubled each time, capped.</summary>
    public TimeSpan Backoff(int retry)
    {
        double seconds = Options.RetryInitialSeconds * Math.Pow(2, Math.Clamp(retry - 1, 0, 40));
        return TimeSpan.FromSeconds(Math.Min(seconds, Options.RetryMaxSeconds));
    }

    /// <summary>The hook <paramref name="options"/> (validated) describe, its secrets read with <paramref name="environment"/>.</summary>
    public static WebhookDefinition From(WebhookOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        string? secret = options.SecretEnv.Length > 0 ? environment(options.SecretEnv) : null;
        string partnerKey = options.PartnerKeyEnv.Length > 0 ? environment(options.PartnerKeyEnv) ?? "" : "";
        return new WebhookDefinition(options, secret is { Length: > 0 } ? Encoding.UTF8.GetBytes(secret) : null, partnerKey);
    }

    public override string ToString() => $"Webhook {Name} → {SafeUrl}";
}
