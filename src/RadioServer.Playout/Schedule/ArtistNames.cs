using System.Text.RegularExpressions;

namespace RadioServer.Playout.Schedule;

/// <summary>Splits an artist credit into the individual artists the no-repeat window compares.</summary>
public static partial class ArtistNames
{
    /// <summary>
    /// "A feat. B &amp; C" → a, b, c (trimmed, lower-case). Separators: <c>feat.</c>, <c>ft.</c>, <c>&amp;</c>,
    /// <c>,</c>, <c>/</c>, <c>vs.</c> (the words also without the dot).
    /// </summary>
    public static IReadOnlyList<string> Split(string? credit)
    {
        if (string.IsNullOrWhiteSpace(credit))
        {
            return [];
        }

        return Separators().Split(credit)
            .Select(a => a.Trim().ToLowerInvariant())
            .Where(a => a.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\s+(?:feat|ft|vs)\.?\s+|\s*[&,/]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separators();
}
