using System.Net;
using System.Net.Http.Headers;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Endpoints;

[Trait("Layer", "Server")]
public class ControlEndpointsTests
{
    private static async Task<StationHost> StartAsync(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "alpha"));
        ToneLibrary.Create(Path.Combine(dir, "alpha"), "a1.mp3", 440, 20, "Alpha", "One");
        ToneLibrary.Create(Path.Combine(dir, "alpha"), "a2.mp3", 660, 20, "Alpha", "Two");
        string schedule = Path.Combine(dir, "schedule.yaml");
        File.WriteAllText(schedule, $"""
            time_zone: Africa/Lagos
            playlists:
              alpha:
                path: "{dir}/alpha"
            default_rotation:
              - playlist: alpha
            """);
        return await StationHost.StartAsync(dir, ".", "", $"--station:schedule={schedule}", "--station:controltoken=s3cret");
    }

    [Fact]
    public async Task Api_WithoutOrWithWrongToken_Is401()
    {
        await using var host = await StartAsync(StationHost.TempDir());
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/queue", UriKind.Relative))).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync(new Uri("/api/skip", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task Api_RequestThenSkip_RequestedTrackAirsNext()
    {
        await using var host = await StartAsync(StationHost.TempDir());
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!host.Logs.Lines.Any(l => l.Contains("On air: Alpha - One", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        var missing = await http.PostAsync(new Uri("/api/requests?track=nothing.mp3", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var queued = await http.PostAsync(new Uri("/api/requests?track=a1", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Contains("\"title\":\"Alpha - One\"", await queued.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync(new Uri("/api/skip", UriKind.Relative), null)).StatusCode);

        waited.Restart();
        while (!host.Logs.Lines.Any(l => l.Contains("operator request", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        Assert.Contains(host.Logs.Lines, l => l.Contains("On air: Alpha - One", StringComparison.Ordinal) && l.Contains("picked because: operator request", StringComparison.Ordinal));
        string queue = await http.GetStringAsync(new Uri("/api/queue", UriKind.Relative));
        Assert.Contains("\"nowPlaying\":\"Alpha - One\"", queue, StringComparison.Ordinal);
        Assert.Contains("\"requests\":[]", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_RequestAndQueue_TalkToTheRunningStation()
    {
        string dir = StationHost.TempDir();
        await using var host = await StartAsync(dir);
        string[] common = ["--url", host.BaseUri.ToString(), "--token", "s3cret", "--config", Path.Combine(dir, "none.yaml")];
        using var output = new StringWriter();
        using var errors = new StringWriter();

        int request = await RadioServer.Commands.ControlCommands.RunAsync(["request", "--track", "a2.mp3", .. common], output, errors);
        int queue = await RadioServer.Commands.ControlCommands.RunAsync(["queue", .. common], output, errors);
        int wrong = await RadioServer.Commands.ControlCommands.RunAsync(["skip", "--url", host.BaseUri.ToString(), "--token", "nope", "--config", Path.Combine(dir, "none.yaml")], output, errors);

        Assert.Equal(0, request);
        Assert.Equal(0, queue);
        Assert.Equal(1, wrong);
        Assert.Contains("202 Accepted", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Alpha - Two\"", output.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("401 Unauthorized", errors.ToString(), StringComparison.Ordinal);
    }
}
