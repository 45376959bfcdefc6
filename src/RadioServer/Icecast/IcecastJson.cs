using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RadioServer.Icecast;

/// <summary>
/// Writes values the way Icecast 2.4.4's <c>xml2json.xslt</c> does, so existing widgets and scripts parse our
/// <c>status-json.xsl</c> unchanged: text that looks like a number (no leading zero) becomes a number,
/// true/false become booleans, empty text becomes null; non-ASCII text is sent as UTF-8, not escaped.
/// </summary>
internal static partial class IcecastJson
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteValue(Utf8JsonWriter writer, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            writer.WriteNull(name);
        }
        else if (NumberPattern().IsMatch(value))
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(value, skipInputValidation: true);
        }
        else if (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteBoolean(name, value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
