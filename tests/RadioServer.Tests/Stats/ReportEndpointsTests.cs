using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RadioServer.Stats;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Stats;

/// <summary>Listener sessions and the aired log recorded by a real station, reported through the admin API, across a restart.</summary>
[Trait("Layer", "Server")]
public class ReportEndpointsTests
{
    private const string Admin = "report-secret";

    private static async Task<string> GetAsync(HttpClient http, StationHost host, string path, bool auth = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, path));
        if (auth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Admin)));
        }

        var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
    }

    [Fact]
    public async Task Reports_ListenersOpenedAndClosed_RecordedAndSurviveRestart()
    {
        string dir = StationHost.TempDir();
        ToneLibrary.Create(dir, "a.mp3", 440, 2, "Artist A", "Tone, \"quoted\"");
        string db = Path.Combine(dir, "stats.db");
        string[] args = ["--station:adminpassword=" + Admin, "--station:database=" + db];
        using var http = new HttpClient();
        await using (var host = await StationHost.StartAsync(dir, "a.mp3", "", args))
        {
            await using (var a = await IcyClient.ConnectAsync(host.Mount()))
            await using (var b = await IcyClient.ConnectAsync(host.Mount()))
            {
                await Task.WhenAll(a.ReadForAsync(TimeSpan.FromSeconds(1.5)), b.ReadForAsync(TimeSpan.FromSeconds(1)));
            }

            var recorder = host.Services.GetRequiredService<StatsRecorder>();
            for (int i = 0; i < 100 && recorder.Written < 3; i++)
            {
                await Task.Delay(50);
            }

            Assert.Equal("HTTP 401", await GetAsync(http, host, "/api/reports/sessions?format=csv", auth: false));
        }

        // A new process on the same database file still has them.
        await using (var host = await StationHost.StartAsync(dir, "a.mp3", "", args))
        {
            string csv = await GetAsync(http, host, "/api/reports/sessions?format=csv");
            var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("mount,start_utc,start_local,seconds,bytes,user_agent,ip,end_reason", lines[0]);
            Assert.Equal(2, lines.Length - 1);
            Assert.All(lines.Skip(1), l =>
            {
                var cells = l.Split(',');
                Assert.Equal("/stream.mp3", cells[0]);
                Assert.EndsWith("+01:00", cells[2], StringComparison.Ordinal);
                Assert.InRange(double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture), 0.5, 5);
                Assert.True(long.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture) > 10_000);
                Assert.Equal("IcyClient/1.0", cells[5]);
                Assert.Equal("127.0.0.0", cells[6]); // truncated: the default ip_privacy
                Assert.Equal("closed", cells[7]);
            });

            using var report = JsonDocument.Parse(await GetAsync(http, host, "/api/reports/listeners?by=day"));
            Assert.Equal("Africa/Lagos", report.RootElement.GetProperty("time_zone").GetString());
            var today = report.RootElement.GetProperty("rows").EnumerateArray().Last();
            Assert.Equal(2, today.GetProperty("sessions").GetInt32());
            Assert.Equal(2, today.GetProperty("peak").GetInt32());
            Assert.InRange(today.GetProperty("listener_hours").GetDouble(), 1.5 / 3600, 10 / 3600.0);

            using var agents = JsonDocument.Parse(await GetAsync(http, host, "/api/reports/useragents"));
            var top = agents.RootElement[0];
            Assert.Equal(("IcyClient/1.0", 2), (top.GetProperty("user_agent").GetString(), top.GetProperty("sessions").GetInt32()));

            string aired = await GetAsync(http, host, "/api/reports/aired?format=csv");
            Assert.Contains(",Artist A,\"Tone, \"\"quoted\"\"\",,2", aired, StringComparison.Ordinal);
        }
    }
}
