using System.Text;
using System.Text.Json;
using RadioServer.Configuration;
using RadioServer.Events;
using RadioServer.Webhooks;

namespace RadioServer.Tests.Webhooks;

/// <summary>What each format puts on the wire: TuneIn AIR's query string, Discord/Slack messages, templates, the signed JSON document.</summary>
[Trait("Layer", "Unit")]
public class WebhookRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 8, 30, 15, 250, TimeSpan.Zero);
    private static readonly WebhookContext Context = new("234Radio", "http://radio.example/", null);

    private static StationEvent Song(string? role = "music") =>
        new(StationEventKind.SongChanged, At) { Artist = "Burna Boy", Title = "Last Last & Co", Text = "Burna Boy - Last Last & Co", Role = role, Duration = TimeSpan.FromSeconds(172.44) };

    private static WebhookDefinition TuneIn(WebhookOptions? options = null) => WebhookDefinition.From(
        (options ?? new WebhookOptions { Format = WebhookFormat.TuneIn }) with { PartnerId = "P123", PartnerKeyEnv = "TUNEIN_KEY", StationId = "s12345" },
        name => name == "TUNEIN_KEY" ? "k3y/+=" : null);

    [Fact]
    public void Render_TuneIn_DocumentedAirQueryString()
    {
        var d = WebhookRenderer.Render(TuneIn(), Song(), Context, "id1");
        Assert.Equal(HttpMethod.Get, d.Method);
        Assert.Null(d.Body);
        Assert.Equal("http://air.radiotime.com/Playing.ashx?partnerId=P123&partnerKey=k3y%2F%2B%3D&id=s12345&title=Last%20Last%20%26%20Co&artist=Burna%20Boy",
            d.Uri.AbsoluteUri);
    }

    [Fact]
    public void Render_TuneInDuringAnAdvert_CommercialTrueWithoutTitle()
    {
        var d = WebhookRenderer.Render(TuneIn(), Song("ad"), Context, "id1");
        Assert.Equal("http://air.radiotime.com/Playing.ashx?partnerId=P123&partnerKey=k3y%2F%2B%3D&id=s12345&commercial=true", d.Uri.AbsoluteUri);
    }

    [Fact]
    public void Render_TuneInWrittenAsATemplate_SameQueryString()
    {
        var template = TuneIn(new WebhookOptions { Format = WebhookFormat.Template, Method = "get", Url = WebhookOptions.TuneInUrl, Template = WebhookOptions.TuneInTemplate });
        Assert.Equal(WebhookRenderer.Render(TuneIn(), Song(), Context, "x").Uri, WebhookRenderer.Render(template, Song(), Context, "x").Uri);
        Assert.False(TuneIn().Wants(StationEventKind.LiveConnected)); // TuneIn takes titles only
    }

    [Fact]
    public void Render_DiscordAndSlack_MessageInContentOrText()
    {
        var discord = WebhookRenderer.Render(WebhookDefinition.From(new WebhookOptions { Url = "https://discord.example/api/webhooks/1/x", Format = WebhookFormat.Discord }), Song(), Context, "id");
        Assert.Equal("""{"content":"Now playing on 234Radio: Burna Boy - Last Last & Co"}""", Encoding.UTF8.GetString(discord.Body!));
        Assert.Equal(HttpMethod.Post, discord.Method);
        Assert.Equal("application/json", discord.ContentType);

        var slack = WebhookRenderer.Render(WebhookDefinition.From(new WebhookOptions { Url = "https://hooks.example/services/x", Format = WebhookFormat.Slack, Template = "\"{{presenter}}\" live: {{show}} ọ́" }),
            new StationEvent(StationEventKind.LiveConnected, At) { Presenter = "DJ \"Kay\"", Show = "Morning Show", Mount = "/live.mp3" }, Context, "id");
        Assert.Equal("""{"text":"\"DJ \"Kay\"\" live: Morning Show ọ́"}""", Encoding.UTF8.GetString(slack.Body!));
        using var parsed = JsonDocument.Parse(slack.Body!);
        Assert.Equal("\"DJ \"Kay\"\" live: Morning Show ọ́", parsed.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Render_JsonTemplate_ValuesEscapedIntoValidJson()
    {
        var hook = WebhookDefinition.From(new WebhookOptions
        {
            Url = "http://127.0.0.1/x", Format = WebhookFormat.Template, Template = """{"song": "{{text}}", "at": "{{at}}", "len": {{duration}}}""",
        });
        var d = WebhookRenderer.Render(hook, Song() with { Text = "A \"quoted\"\ntitle" }, Context, "id");
        using var parsed = JsonDocument.Parse(d.Body!);
        Assert.Equal("A \"quoted\"\ntitle", parsed.RootElement.GetProperty("song").GetString());
        Assert.Equal("2026-12-06T08:30:15.250Z", parsed.RootElement.GetProperty("at").GetString());
        Assert.Equal(172.4, parsed.RootElement.GetProperty("len").GetDouble());
    }

    [Fact]
    public void Render_DefaultJson_EventFieldsAndValidSignature()
    {
        var hook = WebhookDefinition.From(new WebhookOptions { Url = "http://127.0.0.1/x", SecretEnv = "HOOK_SECRET" }, _ => "s3cret");
        var d = WebhookRenderer.Render(hook, new StationEvent(StationEventKind.DeadAir, At) { Seconds = 12.5 }, Context, "abc");
        using var parsed = JsonDocument.Parse(d.Body!);
        var root = parsed.RootElement;
        Assert.Equal("dead_air", root.GetProperty("event").GetString());
        Assert.Equal("abc", root.GetProperty("id").GetString());
        Assert.Equal("234Radio", root.GetProperty("station").GetString());
        Assert.Equal(12.5, root.GetProperty("seconds").GetDouble());
        Assert.False(root.TryGetProperty("artist", out _));
        Assert.True(WebhookReceiver.Verify(d.Signature, "s3cret", d.Body!));
        Assert.False(WebhookReceiver.Verify(d.Signature, "other", d.Body!));

        using var request = d.ToRequest(hook.Options.SignatureHeader);
        Assert.Equal(d.Signature, request.Headers.GetValues("X-RadioServer-Signature").Single());
        Assert.Equal("dead_air", request.Headers.GetValues("X-RadioServer-Event").Single());
        Assert.Equal("abc", request.Headers.GetValues("X-RadioServer-Delivery").Single());
    }

    [Fact]
    public void Definition_Secrets_NeverPrinted()
    {
        var hook = TuneIn();
        Assert.DoesNotContain("k3y", hook.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("k3y", hook.Options.ToString(), StringComparison.Ordinal);
        var d = WebhookRenderer.Render(hook, Song(), Context, "id");
        Assert.DoesNotContain("k3y", d.ToString(), StringComparison.Ordinal);
        Assert.Equal("http://air.radiotime.com/…", hook.SafeUrl); // no path: Discord and Slack keep their token there
    }

    [Fact]
    public void Backoff_DoublesFromInitialUpToMax()
    {
        var hook = WebhookDefinition.From(new WebhookOptions { Url = "http://127.0.0.1/x", RetryInitialSeconds = 1, RetryMaxSeconds = 20 });
        Assert.Equal([1, 2, 4, 8, 16, 20, 20], Enumerable.Range(1, 7).Select(n => hook.Backoff(n).TotalSeconds));
    }
}
