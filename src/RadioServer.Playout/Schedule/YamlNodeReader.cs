using YamlDotNet.RepresentationModel;

namespace RadioServer.Playout.Schedule;

/// <summary>Reads a YAML tree strictly: unknown and duplicate keys are errors, every error keeps going and is collected with file:line:column.</summary>
internal sealed class YamlNodeReader(string file)
{
    private readonly List<(long Line, long Column, string Text)> _errors = [];

    public int ErrorCount => _errors.Count;

    /// <summary>Every error, in file order.</summary>
    public IReadOnlyList<string> SortedErrors => _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).Select(e => e.Text).ToList();

    public void Error(YamlNode node, string message) =>
        _errors.Add((node.Start.Line, node.Start.Column, $"{file}:{node.Start.Line}:{node.Start.Column}: {message}"));

    /// <summary>The keys of a mapping, checked against <paramref name="allowed"/>; null (with an error) when the node is not a mapping.</summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? Mapping(YamlNode node, string what, params string[] allowed) =>
        Mapping(node, what, allowed, anyKey: false);

    /// <summary>A mapping whose keys are names chosen by the operator (only duplicates are errors).</summary>
    public Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? NamedMapping(YamlNode node, string what) =>
        Mapping(node, what, [], anyKey: true);

    private Dictionary<string, (YamlScalarNode Key, YamlNode Value)>? Mapping(YamlNode node, string what, string[] allowed, bool anyKey)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping of keys to values");
            return null;
        }

        var result = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode key || key.Value is null)
            {
                Error(k, $"{what}: keys must be plain names");
                continue;
            }

            if (!anyKey && !allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                Error(key, $"unknown key '{key.Value}' in {what} (known: {string.Join(", ", allowed)})");
                continue;
            }

            if (!result.TryAdd(key.Value, (key, v)))
            {
                Error(key, $"duplicate key '{key.Value}' in {what}");
            }
        }

        return result;
    }

    public string? Scalar(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } s })
        {
            return s;
        }

        Error(node, $"{what} must be a non-empty value");
        return null;
    }

    public int? Int(YamlNode node, string what, int min, int max)
    {
        string? s = Scalar(node, what);
        if (s is null)
        {
            return null;
        }

        if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            Error(node, $"{what} must be a whole number from {min} to {max}, not '{s}'");
            return null;
        }

        return v;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string what)
    {
        if (node is YamlSequenceNode seq)
        {
            return seq.Children.ToList();
        }

        Error(node, $"{what} must be a list");
        return [];
    }
}
