using System.ComponentModel;
using RadioServer.Playout.Settings;

namespace RadioServer.Configuration;

/// <summary>
/// One webhook (section <c>station.webhooks[]</c>): where the station's events are sent, which of them, in what shape,
/// how they are signed and how hard delivery tries. Re-read when station.yaml changes (a bad edit keeps the hooks that
/// run). Secrets are never written here: <see cref="SecretEnv"/> and <see cref="PartnerKeyEnv"/> name environment variables.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary>The <c>{hook}</c> label of the metrics and the name in log lines; defaults to the URL's host. Unique.</summary>
    public string Name { get; init; } = "";

    /// <summary>Where to send: <c>http://…</c> or <c>https://…</c> (for <c>format: tunein</c>, TuneIn's AIR address when empty).</summary>
    public string Url { get; init; } = "";

    /// <summary>
    /// An environment variable holding the URL instead of <see cref="Url"/>, for services whose URL is itself the secret
    /// (Discord and Slack put their token in the path).
    /// </summary>
    public string UrlEnv { get; init; } = "";

    /// <summary>The events sent (<c>song_changed</c>, <c>live_connected</c>, …); empty: all of them (TuneIn: <c>song_changed</c>).</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>The request's shape: the station's JSON document, TuneIn AIR, a Discord or Slack message, or a template.</summary>
    public WebhookFormat Format { get; init; } = WebhookFormat.Json;

    /// <summary>
    /// <c>format: template</c>: the body (POST) or query string (GET) with <c>{{placeholder}}</c>s (see <see cref="Placeholders"/>);
    /// <c>discord</c>/<c>slack</c>: the message text (default <c>{{summary}}</c>).
    /// </summary>
    public string Template { get; init; } = "";

    /// <summary><c>format: template</c>: <c>POST</c> (the default) or <c>GET</c>.</summary>
    public string Method { get; init; } = "POST";

    /// <summary><c>format: template</c> with POST: the body's type; values are JSON-escaped for JSON, percent-encoded for forms.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>The environment variable holding the HMAC-SHA256 key; empty: requests are not signed.</summary>
    public string SecretEnv { get; init; } = "";

    /// <summary>The header carrying <c>sha256=&lt;hex HMAC of the body&gt;</c> (of the query string for a GET).</summary>
    public string SignatureHeader { get; init; } = "X-RadioServer-Signature";

    /// <summary>Seconds one attempt may take (connect, send, answer).</summary>
    public double TimeoutSeconds { get; init; } = 5;

    /// <summary>Attempts per delivery (the first included) before it is given up.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Wait before the first retry; it doubles with every retry up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryInitialSeconds { get; init; } = 1;

    public double RetryMaxSeconds { get; init; } = 60;

    /// <summary>Deliveries waiting for this hook at most; when full the oldest waiting one is dropped (and counted).</summary>
    public int QueueLength { get; init; } = 100;

    /// <summary>TuneIn AIR: the <c>partnerId</c> TuneIn gave the station.</summary>
    public string PartnerId { get; init; } = "";

    /// <summary>TuneIn AIR: the environment variable holding the <c>partnerKey</c>.</summary>
    public string PartnerKeyEnv { get; init; } = "";

    /// <summary>TuneIn AIR: the station's id (<c>s</c> and digits, e.g. <c>s12345</c>).</summary>
    public string StationId { get; init; } = "";

    /// <summary>The placeholders templates may use; each is replaced by the event's value (empty when it has none).</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
    [
        "event", "at", "station", "station_url", "summary", "artist", "title", "text", "role", "duration", "commercial",
        "presenter", "mount", "show", "reason", "seconds", "listeners", "partner_id", "partner_key", "station_id",
    ];

    /// <summary>TuneIn AIR's query string (GET, once per item): the station's ids, then the title and artist on air.</summary>
    public const string TuneInTemplate =
        "partnerId={{partner_id}}&partnerKey={{partner_key}}&id={{station_id}}&title={{title}}&artist={{artist}}";

    /// <summary>TuneIn AIR during an advert or station ID: <c>commercial=true</c> and no title.</summary>
    public const string TuneInCommercialTemplate = "partnerId={{partner_id}}&partnerKey={{partner_key}}&id={{station_id}}&commercial=true";

    /// <summary>TuneIn AIR's address (its AIR documentation).</summary>
    public const string TuneInUrl = "http://air.radiotime.com/Playing.ashx";

    /// <summary>
    /// <paramref name="template"/> cut into literal text and placeholder names (<c>{{name}}</c>; single braces are text, so
    /// JSON templates need no escaping). Throws <see cref="FormatException"/> for a <c>{{</c> without <c>}}</c>.
    /// </summary>
    public static IReadOnlyList<(string Text, bool IsPlaceholder)> TemplateParts(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = new List<(string, bool)>();
        int at = 0;
        while (at < template.Length)
        {
            int open = template.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((template[at..], false));
                break;
            }

            int close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{{{{' at character {open + 1} has no closing '}}}}'");
            }

            if (open > at)
            {
                parts.Add((template[at..open], false));
            }

            parts.Add((template[(open + 2)..close].Trim(), true));
            at = close + 2;
        }

        return parts;
    }

    /// <summary>The hook's name: <see cref="Name"/>, or the URL's host.</summary>
    public string EffectiveName => Name.Length > 0 ? Name
        : Uri.TryCreate(EffectiveUrl, UriKind.Absolute, out var u) ? u.Host : EffectiveUrl;

    /// <summary>The URL, TuneIn's when <c>format: tunein</c> leaves it empty.</summary>
    public string EffectiveUrl =>
        UrlEnv.Length > 0 ? Environment.GetEnvironmentVariable(UrlEnv) ?? ""
        : Url.Length == 0 && Format == WebhookFormat.TuneIn ? TuneInUrl : Url;

    /// <summary>Never prints a URL's query (it may carry a key).</summary>
    public override string ToString() => $"Webhook {{ Name = {EffectiveName}, Format = {Format} }}";
}

/// <summary>How a webhook's request looks (<c>station.webhooks[].format</c>).</summary>
[TypeConverter(typeof(SettingEnumConverter<WebhookFormat>))]
public enum WebhookFormat
{
    /// <summary>POST of the station's JSON document: the event, its fields and, for <c>song_changed</c>, the now-playing document.</summary>
    Json,

    /// <summary>TuneIn AIR: GET with <c>partnerId</c>, <c>partnerKey</c>, <c>id</c>, <c>title</c>, <c>artist</c> (or <c>commercial=true</c>).</summary>
    [SettingName("tunein")]
    TuneIn,

    /// <summary>POST <c>{"content": message}</c> (Discord's webhook message).</summary>
    Discord,

    /// <summary>POST <c>{"text": message}</c> (Slack's incoming webhook).</summary>
    Slack,

    /// <summary>The <c>template</c> as body (POST) or query string (GET).</summary>
    Template,
}
