using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RadioServer.Tests.Support;

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, written from the format's description:
/// HELP/TYPE at most once per family and before its samples, valid metric and label names, escaped label
/// values, float values (+Inf, -Inf, NaN), no duplicate series. Any violation throws with the line number.
/// </summary>
internal sealed partial class PrometheusText
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _series = new(StringComparer.Ordinal);
    private readonly List<(string Family, IReadOnlyDictionary<string, string> Labels)> _seriesLabels = [];

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public IReadOnlyDictionary<string, string> Types => _types;

    /// <summary>Every series in the order read: its family and its labels (sorted by name).</summary>
    public IReadOnlyList<(string Family, IReadOnlyDictionary<string, string> Labels)> Series => _seriesLabels;

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        var seenSamples = new HashSet<string>(StringComparer.Ordinal);
        var help = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        for (int i = 0; i < lines.Length - 1; i++)
        {
            string line = lines[i];
            void Fail(string why) => throw new FormatException($"line {i + 1}: {why}: {line}");
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                string[] parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] is "HELP" or "TYPE")
                {
                    string name = parts[2];
                    if (!MetricName().IsMatch(name))
                    {
                        Fail("bad metric name");
                    }

                    if (seenSamples.Contains(name))
                    {
                        Fail("HELP/TYPE after the family's samples");
                    }

                    if (parts[1] == "HELP" && !help.Add(name))
                    {
                        Fail("second HELP");
                    }

                    if (parts[1] == "TYPE")
                    {
                        if (parts.Length != 4 || parts[3] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                        {
                            Fail("bad TYPE");
                        }

                        if (!result._types.TryAdd(name, parts[3]))
                        {
                            Fail("second TYPE");
                        }
                    }
                }

                continue;
            }

            int pos = 0;
            while (pos < line.Length && line[pos] is not ('{' or ' '))
            {
                pos++;
            }

            string metric = line[..pos];
            if (!MetricName().IsMatch(metric))
            {
                Fail("bad metric name");
            }

            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (pos < line.Length && line[pos] == '{')
            {
                pos++;
                while (line[pos] != '}')
                {
                    int eq = line.IndexOf('=', pos);
                    if (eq < 0)
                    {
                        Fail("label without '='");
                    }

                    string label = line[pos..eq];
                    if (!LabelName().IsMatch(label) || line[eq + 1] != '"')
                    {
                        Fail("bad label");
                    }

                    var value = new StringBuilder();
                    pos = eq + 2;
                    for (; line[pos] != '"'; pos++)
                    {
                        if (line[pos] == '\\')
                        {
                            pos++;
                            value.Append(line[pos] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"line {i + 1}: bad escape") });
                        }
                        else
                        {
                            value.Append(line[pos]);
                        }
                    }

                    if (!labels.TryAdd(label, value.ToString()))
                    {
                        Fail("label repeated");
                    }

                    pos++;
                    if (line[pos] == ',')
                    {
                        pos++;
                    }
                    else if (line[pos] != '}')
                    {
                        Fail("expected ',' or '}'");
                    }
                }

                pos++;
            }

            if (pos >= line.Length || line[pos] != ' ')
            {
                Fail("expected a space before the value");
            }

            string[] rest = line[(pos + 1)..].Split(' ');
            if (rest.Length is < 1 or > 2)
            {
                Fail("expected value [timestamp]");
            }

            double v = rest[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new FormatException($"line {i + 1}: bad value"),
            };
            string family = FamilyOf(metric, result._types);
            seenSamples.Add(family);
            if (!result._series.TryAdd(Key(metric, labels), v))
            {
                Fail("duplicate series");
            }

            result._seriesLabels.Add((family, labels));
        }

        return result;
    }

    /// <summary>The value of one series; labels in any order.</summary>
    public double Value(string metric, params (string Name, string Value)[] labels) =>
        _series.TryGetValue(Key(metric, new SortedDictionary<string, string>(labels.ToDictionary(l => l.Name, l => l.Value), StringComparer.Ordinal)), out double v)
            ? v
            : throw new KeyNotFoundException($"no series {metric} {string.Join(",", labels)}");

    private static string FamilyOf(string metric, Dictionary<string, string> types)
    {
        foreach (string suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal) && types.ContainsKey(metric[..^suffix.Length]))
            {
                return metric[..^suffix.Length];
            }
        }

        return metric;
    }

    private static string Key(string metric, SortedDictionary<string, string> labels) =>
        metric + "{" + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) + "}";
}
