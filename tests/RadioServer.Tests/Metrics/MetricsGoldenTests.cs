using System.Text;
using RadioServer.Tests.Configuration;
using RadioServer.Tests.Support;

namespace RadioServer.Tests.Metrics;

/// <summary>
/// The shape of <c>/metrics</c> that dashboards and alerts depend on, pinned in tests/golden/metrics/families.txt:
/// every family's name and TYPE, its label-name sets, and the values of the fixed label dimensions (mount paths,
/// reasons). Values are the other tests' business; this one fails on a renamed, retyped, added or dropped
/// family or label, and on a missing combination of fixed label values (every mount × reason is exported, zeros
/// included, so <c>rate()</c> and absence alerts see every series from the start).
/// </summary>
public class MetricsGoldenTests
{
    /// <summary>The Accept header Prometheus sends when it scrapes.</summary>
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static readonly string GoldenFile = Path.Combine(StationConfigTests.FindRoot(), "tests", "golden", "metrics", "families.txt");

    [Fact]
    public async Task Metrics_TwoMountsWithListeners_FamiliesMatchGolden()
    {
        await using var host = await MetricsEndpointsTests.StartTwoMountsAsync();
        using var http = new HttpClient();
        await using var a = await IcyClient.ConnectAsync(host.Mount());
        await using var c = await IcyClient.ConnectAsync(host.Mount("/mobile.mp3"));
        await using (var refused = await IcyClient.ConnectAsync(host.Mount("/mobile.mp3")))
        {
            Assert.StartsWith("HTTP/1.0 403", refused.ResponseHead, StringComparison.Ordinal);
        }

        await Task.WhenAll(a.ReadForAsync(TimeSpan.FromSeconds(1)), c.ReadForAsync(TimeSpan.FromSeconds(1)));
        string text = await http.GetStringAsync(new Uri(host.BaseUri, "/metrics"));
        var scrape = PrometheusText.Parse(text);

        string actual = Describe(scrape);
        string expected = File.ReadAllText(GoldenFile).ReplaceLineEndings("\n");
        Assert.True(expected == actual, $"/metrics no longer matches {GoldenFile}.\nExpected:\n{expected}\nActual:\n{actual}\nScrape:\n{text}");

        // Prometheus asks for OpenMetrics first; the answer must be the same exposition all the same.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUri, "/metrics"));
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        using var response = await http.SendAsync(request);
        Assert.Equal(MetricsEndpointsTests.ContentType, response.Content.Headers.ContentType!.ToString());
        string negotiated = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected, Describe(PrometheusText.Parse(negotiated)));
        Assert.DoesNotContain("# EOF", negotiated, StringComparison.Ordinal);
    }

    /// <summary>
    /// One line per family, sorted: <c>name type {label,names} [{other,set}] [label=value|value ...]</c>; label values
    /// are listed for every label (all of ours are fixed dimensions). Also checks that each label-name set carries
    /// the full cross product of its label values.
    /// </summary>
    internal static string Describe(PrometheusText scrape)
    {
        var text = new StringBuilder("# name type {label-name sets} label=values (regenerate only for a deliberate change of the exported metrics)\n");
        foreach (var family in scrape.Types.Keys.Order(StringComparer.Ordinal))
        {
            var series = scrape.Series.Where(s => s.Family == family).ToList();
            var labelSets = series.Select(s => "{" + string.Join(",", s.Labels.Keys) + "}").Distinct().Order(StringComparer.Ordinal);
            var values = series.SelectMany(s => s.Labels).GroupBy(l => l.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key + "=" + string.Join("|", g.Select(l => l.Value).Distinct().Order(StringComparer.Ordinal)));
            text.Append(family).Append(' ').Append(scrape.Types[family]);
            foreach (string token in labelSets.Concat(values))
            {
                text.Append(' ').Append(token);
            }

            text.Append('\n');
            foreach (var set in series.GroupBy(s => string.Join(",", s.Labels.Keys), StringComparer.Ordinal))
            {
                int combinations = set.First().Labels.Keys.Aggregate(1, (n, label) => n * set.Select(s => s.Labels[label]).Distinct().Count());
                Assert.True(combinations == set.Count(), $"{family}{{{set.Key}}}: {set.Count()} series, expected every combination ({combinations})");
            }
        }

        return text.ToString();
    }
}
