using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RadioServer.Configuration;

/// <summary>
/// Flattens a YAML document into configuration keys (<c>station:mounts:0:path</c>), spelt as written (the settings
/// reader matches them to options without underscores or dashes, as it does command-line and environment keys), and
/// remembers the file:line:column of every key so validation errors can point at it. YAML errors (and duplicate keys) are reported as
/// <see cref="ConfigurationFileException"/> with file:line:column.
/// </summary>
public sealed class YamlConfigurationProvider(YamlConfigurationSource source) : ConfigurationProvider
{
    private Dictionary<string, string> _locations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where a key was written, as <c>file:line:column</c>, if it came from this file.</summary>
    public string? LocationOf(string key) => _locations.TryGetValue(key, out var l) ? l : null;

    public string FilePath => source.Path;

    public override void Load()
    {
        if (!File.Exists(source.Path))
        {
            if (source.Optional)
            {
                return;
            }

            throw new ConfigurationFileException($"{source.Path}: config file not found");
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var locations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(source.Path))
            {
                stream.Load(new Parser(reader));
            }

            if (stream.Documents.Count > 0)
            {
                Visit(stream.Documents[0].RootNode, "", data, locations);
            }
        }
        catch (YamlException e)
        {
            string message = e.InnerException?.Message ?? e.Message;
            throw new ConfigurationFileException($"{source.Path}:{e.Start.Line}:{e.Start.Column}: {message}", e);
        }

        Data = data;
        _locations = locations;
    }

    private void Visit(YamlNode node, string prefix, Dictionary<string, string?> data, Dictionary<string, string> locations)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (keyNode, value) in map.Children)
                {
                    string key = ((YamlScalarNode)keyNode).Value ?? "";
                    if (!seen.Add(Normalize(key)))
                    {
                        throw new ConfigurationFileException(
                            $"{source.Path}:{keyNode.Start.Line}:{keyNode.Start.Column}: duplicate key '{((YamlScalarNode)keyNode).Value}'");
                    }

                    string path = prefix.Length == 0 ? key : $"{prefix}:{key}";
                    locations[path] = $"{source.Path}:{keyNode.Start.Line}:{keyNode.Start.Column}";
                    Visit(value, path, data, locations);
                }

                break;
            case YamlSequenceNode seq:
                for (int i = 0; i < seq.Children.Count; i++)
                {
                    string path = $"{prefix}:{i}";
                    locations[path] = $"{source.Path}:{seq.Children[i].Start.Line}:{seq.Children[i].Start.Column}";
                    Visit(seq.Children[i], path, data, locations);
                }

                break;
            case YamlScalarNode scalar:
                data[prefix] = scalar.Value;
                locations[prefix] = $"{source.Path}:{scalar.Start.Line}:{scalar.Start.Column}";
                break;
        }
    }

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
