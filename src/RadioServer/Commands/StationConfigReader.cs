using RadioServer.Configuration;

namespace RadioServer.Commands;

/// <summary>Reads station.yaml plus command-line overrides the way the station does, for the offline commands.</summary>
internal static class StationConfigReader
{
    /// <summary>The YAML file (required) with the <c>--section:key=value</c> overrides on top.</summary>
    public static IConfigurationRoot Build(string configPath, IReadOnlyList<string> overrides) =>
        new ConfigurationBuilder()
            .Add(new YamlConfigurationSource(Path.GetFullPath(configPath), optional: false))
            .AddCommandLine([.. overrides])
            .Build();

    /// <summary>Loads and validates the station config; on failure writes every error (file:line:column) and returns false.</summary>
    public static bool TryLoad(IConfigurationRoot configuration, TextWriter errors, out StationOptions options)
    {
        try
        {
            options = StationConfigLoader.Load(configuration);
            return true;
        }
        catch (ConfigurationFileException e)
        {
            errors.WriteLine(e.Message);
            options = null!;
            return false;
        }
    }

    /// <summary>A path relative to the working directory, as the operator typed it.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
}
