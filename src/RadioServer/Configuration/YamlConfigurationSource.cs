namespace RadioServer.Configuration;

/// <summary>Adds a YAML file to ASP.NET Core configuration, so the usual command-line and environment overrides apply on top.</summary>
public sealed class YamlConfigurationSource(string path, bool optional) : IConfigurationSource
{
    public string Path { get; } = path;

    public bool Optional { get; } = optional;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new YamlConfigurationProvider(this);
}
