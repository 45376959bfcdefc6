using System.Text;

namespace RadioServer.Stats;

/// <summary>RFC 4180 CSV, with cells that a spreadsheet would run as a formula (<c>= + - @</c>) prefixed by <c>'</c>.</summary>
public static class Csv
{
    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows)
        {
            Line(text, row);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IEnumerable<string?> cells)
    {
        bool first = true;
        foreach (string? cell in cells)
        {
            text.Append(first ? "" : ",").Append(Cell(cell ?? ""));
            first = false;
        }

        text.Append("\r\n");
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
