using System.Globalization;
using System.Text;

namespace RadioServer.Api;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 by hand: a dozen families do not justify a metrics
/// library, and the format is small (HELP/TYPE once per family, then one sample per label set).
/// </summary>
public sealed class PrometheusWriter
{
    /// <summary>The content type Prometheus expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a family: <paramref name="type"/> is <c>counter</c>, <c>gauge</c> or <c>untyped</c>.</summary>
    public PrometheusWriter Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample; <paramref name="labels"/> are name/value pairs (values are escaped here).</summary>
    public PrometheusWriter Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                _text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
