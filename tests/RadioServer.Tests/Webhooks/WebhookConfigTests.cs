using Microsoft.Extensions.Configuration;
using RadioServer.Configuration;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Webhooks;

/// <summary><c>station.webhooks</c> and <c>listener_milestones</c>: binding, defaults and file:line:column errors.</summary>
[Trait("Layer", "Unit")]
public class WebhookConfigTests
{
    private static string Write(string yaml)
    {
        string path = Path.Combine(StationHost.TempDir(), "station.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static StationOptions Load(string path) =>
        StationConfigLoader.Load(new ConfigurationBuilder().Add(new YamlConfigurationSource(path, optional: false)).Build());

    [Fact]
    public void Load_ValidHooks_BoundWithDefaults()
    {
        Environment.SetEnvironmentVariable("RS_TEST_HOOK_SECRET_A", "s3cret");
        string path = Write("""
            station:
              name: Test
              playlist: .
              listener_milestones: [100, 500]
              mounts:
                - path: /a.mp3
              webhooks:
                - url: "http://127.0.0.1:9/hook"
                  events: [song_changed, live_connected]
                  secret_env: RS_TEST_HOOK_SECRET_A
                - name: chat
                  url: "https://chat.example/hook"
                  format: discord
                  template: "{{summary}}"
            """);
        var o = Load(path);
        Assert.Equal([100, 500], o.ListenerMilestones);
        Assert.Equal(2, o.Webhooks.Count);
        Assert.Equal("127.0.0.1", o.Webhooks[0].EffectiveName);
        Assert.Equal(["song_changed", "live_connected"], o.Webhooks[0].Events);
        Assert.Equal(WebhookFormat.Json, o.Webhooks[0].Format);
        Assert.Equal(100, o.Webhooks[0].QueueLength);
        Assert.Equal(WebhookFormat.Discord, o.Webhooks[1].Format);
        Assert.DoesNotContain("s3cret", o.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UrlFromEnvironment_UsedButNeverWrittenOrLogged()
    {
        Environment.SetEnvironmentVariable("RS_TEST_HOOK_URL", "https://chat.example/api/webhooks/123/t0ken");
        Environment.SetEnvironmentVariable("RS_TEST_HOOK_URL_UNSET", null);
        var o = Load(Write("""
            station:
              name: Test
              playlist: .
              mounts:
                - path: /a.mp3
              webhooks:
                - url_env: RS_TEST_HOOK_URL
                  format: discord
            """));
        var hook = Assert.Single(o.Webhooks);
        Assert.Equal("https://chat.example/api/webhooks/123/t0ken", hook.EffectiveUrl);
        Assert.Equal("chat.example", hook.EffectiveName);
        Assert.DoesNotContain("t0ken", RadioServer.Webhooks.WebhookDefinition.From(hook).SafeUrl, StringComparison.Ordinal);

        string path = Write("""
            station:
              name: Test
              playlist: .
              mounts:
                - path: /a.mp3
              webhooks:
                - name: chat
                  url_env: RS_TEST_HOOK_URL_UNSET
            """);
        var e = Assert.Throws<ConfigurationFileException>(() => Load(path));
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:8:\d+: url_env: the environment variable RS_TEST_HOOK_URL_UNSET must hold", e.Message);
    }

    [Fact]
    public void Load_BadHooks_EveryErrorWithFileLineColumn()
    {
        Environment.SetEnvironmentVariable("RS_TEST_UNSET_SECRET", null);
        string path = Write("""
            station:
              name: Test
              playlist: .
              listener_milestones: [0]
              mounts:
                - path: /a.mp3
              webhooks:
                - url: "ftp://x/hook"
                  events: [songs_changed]
                  secret_env: RS_TEST_UNSET_SECRET
                  timeout_seconds: lots
                  queue_length: 0
                - url: "http://127.0.0.1/t"
                  format: template
                  template: "{{title}} {{colour}}"
                - format: tunein
                  station_id: "12345"
            """);
        var e = Assert.Throws<ConfigurationFileException>(() => Load(path));
        Assert.True(e.Message.Contains($"{path}:4:25: listener_milestones: 0 is not a count of 1 or more", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:8:12: webhook url 'ftp://x/hook' must be http://… or https://…", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:9:16: webhook event 'songs_changed' is not one of song_changed, live_connected", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:10:19: secret_env: the environment variable RS_TEST_UNSET_SECRET is not set", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:11:24: webhooks timeout_seconds 'lots' is not a number", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:12:21: queue_length must be between 1 and 10000", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:15:17: template placeholder '{{{{colour}}}}' is not one of event, at", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains($"{path}:17:19: station_id '12345' must be TuneIn's station id", StringComparison.Ordinal), e.Message);
        Assert.True(e.Message.Contains("a tunein webhook needs partner_id", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void LoadWebhooks_WebhooksOnly_OtherSectionsIgnored()
    {
        string path = Write("""
            station:
              mounts: []
              webhooks:
                - url: "http://127.0.0.1:9/hook"
                  events: [dead_air]
            """);
        var hooks = StationConfigLoader.LoadWebhooks(new ConfigurationBuilder().Add(new YamlConfigurationSource(path, optional: false)).Build());
        Assert.Equal("dead_air", Assert.Single(Assert.Single(hooks).Events));
    }
}
