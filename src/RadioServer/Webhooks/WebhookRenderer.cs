using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RadioServer.Configuration;
using RadioServer.Events;

namespace RadioServer.Webhooks;

/// <summary>
/// Turns an event into a hook's request: the station's JSON document, TuneIn AIR's query string, a Discord/Slack
/// message or the hook's own template, signed with HMAC-SHA256 when the hook has a secret.
/// </summary>
internal static class WebhookRenderer
{
    /// <summary>snake_case, as <c>/api/nowplaying</c> writes the same document.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = WebhookJsonContext.Default };

    /// <summary>Messages keep their letters as written (é, ọ́) rather than \u escapes; quotes and controls are still escaped.</summary>
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = WebhookJsonContext.Default };

    /// <summary>The request <paramref name="hook"/> sends for <paramref name="e"/>.</summary>
    public static WebhookDelivery Render(WebhookDefinition hook, StationEvent e, WebhookContext context, string id)
    {
        ArgumentNullException.ThrowIfNull(hook);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(context);
        var o = hook.Options;
        string value(string name) => Value(name, e, hook, context);
        switch (o.Format)
        {
            case WebhookFormat.TuneIn:
                bool commercial = e.Role is "ad" or "id";
                return Get(hook, e, id, Fill(commercial ? WebhookOptions.TuneInCommercialTemplate : WebhookOptions.TuneInTemplate, value, Uri.EscapeDataString));
            case WebhookFormat.Template when o.Method.Equals("GET", StringComparison.OrdinalIgnoreCase):
                return Get(hook, e, id, Fill(o.Template, value, Uri.EscapeDataString));
            case WebhookFormat.Template:
                Func<string, string> escape = o.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? JsonEscape
                    : o.ContentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? Uri.EscapeDataString
                    : static s => s;
                return Post(hook, e, id, Encoding.UTF8.GetBytes(Fill(o.Template, value, escape)), o.ContentType);
            case WebhookFormat.Discord or WebhookFormat.Slack:
                string message = Fill(o.Template.Length > 0 ? o.Template : "{{summary}}", value, static s => s);
                // Discord refuses longer content; cut between characters, never inside a surrogate pair or a combining sequence.
                message = message.Length > 2000 ? message[..StringInfo.ParseCombiningCharacters(message).TakeWhile(i => i <= 2000).Last()] : message;
                return Post(hook, e, id, Message(o.Format == WebhookFormat.Discord ? "content" : "text", message), "application/json");
            default:
                return Post(hook, e, id, Document(e, context, id), "application/json");
        }
    }

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static string Sign(byte[] key, ReadOnlySpan<byte> data) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, data));

    /// <summary>A sentence for people (the Discord/Slack default, <c>{{summary}}</c>).</summary>
    public static string Summary(StationEvent e, string station)
    {
        ArgumentNullException.ThrowIfNull(e);
        string by = e.Presenter is { Length: > 0 } p ? p : "A presenter";
        string show = e.Show is { Length: > 0 } s ? $" ({s})" : "";
        return e.Kind switch
        {
            StationEventKind.SongChanged => $"Now playing on {station}: {e.Text ?? e.Title}",
            StationEventKind.LiveConnected => $"{by} is live on {station}{show}",
            StationEventKind.LiveDisconnected => $"{by} is off air on {station}{show}{(e.Reason is { Length: > 0 } r ? $": {r}" : "")}",
            StationEventKind.DeadAir => $"Dead air on {station}: {Number(e.Seconds)} s of silence",
            StationEventKind.DeadAirEnded => $"Audio is back on {station} after {Number(e.Seconds)} s of silence",
            StationEventKind.ListenerMilestone => $"{station} has {e.Listeners} listeners",
            StationEventKind.StationStarted => $"{station} is on air",
            StationEventKind.StationStopping => $"{station} is stopping",
            _ => e.Name,
        };
    }

    /// <summary><paramref name="template"/> with every placeholder replaced by its value, escaped with <paramref name="escape"/>.</summary>
    public static string Fill(string template, Func<string, string> value, Func<string, string> escape)
    {
        var text = new StringBuilder();
        foreach (var (part, placeholder) in WebhookOptions.TemplateParts(template))
        {
            text.Append(placeholder ? escape(value(part)) : part);
        }

        return text.ToString();
    }

    private static string Value(string name, StationEvent e, WebhookDefinition hook, WebhookContext context) => name switch
    {
        "event" => e.Name,
        "at" => Time(e.At),
        "station" => context.Station,
        "station_url" => context.StationUrl,
        "summary" => Summary(e, context.Station),
        "artist" => e.Artist ?? "",
        "title" => e.Title ?? "",
        "text" => e.Text ?? "",
        "role" => e.Role ?? "",
        "duration" => Number(e.Duration?.TotalSeconds),
        "commercial" => e.Role is "ad" or "id" ? "true" : "false",
        "presenter" => e.Presenter ?? "",
        "mount" => e.Mount ?? "",
        "show" => e.Show ?? "",
        "reason" => e.Reason ?? "",
        "seconds" => Number(e.Seconds),
        "listeners" => e.Listeners?.ToString(CultureInfo.InvariantCulture) ?? "",
        "partner_id" => hook.Options.PartnerId,
        "partner_key" => hook.PartnerKey,
        "station_id" => hook.Options.StationId,
        _ => "",
    };

    private static WebhookDelivery Get(WebhookDefinition hook, StationEvent e, string id, string query)
    {
        string url = hook.Url.ToString();
        var uri = new Uri(query.Length == 0 ? url : url + (hook.Url.Query.Length > 1 ? "&" : "?") + query);
        string? signature = hook.Secret is { } key ? Sign(key, Encoding.UTF8.GetBytes(query)) : null;
        return new WebhookDelivery(id, e.Name, HttpMethod.Get, uri, null, null, signature);
    }

    private static WebhookDelivery Post(WebhookDefinition hook, StationEvent e, string id, byte[] body, string contentType) =>
        new(id, e.Name, HttpMethod.Post, hook.Url, body, contentType, hook.Secret is { } key ? Sign(key, body) : null);

    /// <summary>The default body: the event and its fields, and for <c>song_changed</c> the whole now-playing document.</summary>
    private static byte[] Document(StationEvent e, WebhookContext context, string id)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteString("event", e.Name);
            json.WriteString("id", id);
            json.WriteString("at", Time(e.At));
            json.WriteString("station", context.Station);
            WriteIfSet(json, "artist", e.Artist);
            WriteIfSet(json, "title", e.Title);
            WriteIfSet(json, "text", e.Text);
            WriteIfSet(json, "role", e.Role);
            if (e.Duration is { } duration)
            {
                json.WriteNumber("duration", Math.Round(duration.TotalSeconds, 1));
            }

            WriteIfSet(json, "presenter", e.Presenter);
            WriteIfSet(json, "mount", e.Mount);
            WriteIfSet(json, "show", e.Show);
            WriteIfSet(json, "reason", e.Reason);
            if (e.Seconds is { } seconds)
            {
                json.WriteNumber("seconds", seconds);
            }

            if (e.Listeners is { } listeners)
            {
                json.WriteNumber("listeners", listeners);
            }

            if (context.NowPlaying is { } document)
            {
                json.WritePropertyName("now_playing");
                JsonSerializer.Serialize(json, document, (JsonTypeInfo<NowPlaying.NowPlayingDocument>)Json.GetTypeInfo(typeof(NowPlaying.NowPlayingDocument)));
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] Message(string field, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteString(field, message);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>A value inside a JSON string of a template (the template writes the quotes).</summary>
    private static string JsonEscape(string value)
    {
        string quoted = JsonSerializer.Serialize(value, (JsonTypeInfo<string>)Relaxed.GetTypeInfo(typeof(string)));
        return quoted[1..^1];
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? Math.Round(v, 1).ToString("0.#", CultureInfo.InvariantCulture) : "";
}
