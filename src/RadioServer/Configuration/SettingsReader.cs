using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using RadioServer.Playout.Settings;

namespace RadioServer.Configuration;

/// <summary>
/// Reads one configuration section into an options type the same way from every source: a key matches a property
/// whatever its case, underscores and dashes (<c>dead_air_seconds</c> in YAML, <c>--station:dead_air_seconds=5</c> on
/// the command line and <c>station__dead_air_seconds</c> in the environment all set <c>DeadAirSeconds</c>), later
/// sources win, and every key is checked against the type before binding: an unknown key, a value of the wrong kind
/// or an enum value that names no member is reported with where it was written and the key as the user typed it.
/// Written by hand because the configuration binder matches names literally and stops at its first error.
/// </summary>
internal sealed class SettingsReader
{
    /// <summary>Why reflection over the settings types is safe in a trimmed (Native AOT) build.</summary>
    private const string KeptWhole = "The settings types' assemblies are kept whole (TrimmerRootAssembly in RadioServer.csproj), and " +
        "NativeAotStationTests bind the demo config and reject wrong settings in the Native AOT program.";

    private readonly Dictionary<string, Setting> _settings = new(StringComparer.OrdinalIgnoreCase);

    private SettingsReader()
    {
    }

    /// <summary>One key's winning value, where it came from and how it was typed.</summary>
    private sealed record Setting(string Key, string? Value, string Origin, string Typed, string Label);

    /// <summary>Collects every key under <paramref name="section"/> from <paramref name="configuration"/>'s sources.</summary>
    public static SettingsReader Collect(IConfiguration configuration, string section)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new SettingsReader();
        IEnumerable<IConfigurationProvider> providers = configuration is IConfigurationRoot root ? root.Providers : [];
        foreach (var provider in providers)
        {
            foreach (string key in Keys(provider, section))
            {
                provider.TryGet(key, out string? value);
                string folded = Fold(key);
                var (origin, typed) = Describe(provider, key);
                reader._settings[folded] = new Setting(folded, value, origin, typed, Label(key));
            }
        }

        return reader;
    }

    /// <summary>Where the setting <paramref name="key"/> (any spelling) was written, as <c>file:line:column</c> or the source's name.</summary>
    public string Where(string key) => _settings.TryGetValue(Fold(key), out var s) ? s.Origin : $"setting '{key}'";

    /// <summary>The raw text of a setting (any spelling of <paramref name="key"/>), or null.</summary>
    public string? this[string key] => _settings.TryGetValue(Fold(key), out var s) ? s.Value : null;

    /// <summary>
    /// Binds the settings onto <typeparamref name="T"/> (rooted at <paramref name="section"/>); every key that does not
    /// fit the type is reported in <paramref name="errors"/> and left out.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = KeptWhole)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = KeptWhole)]
    public T Bind<T>(string section, List<string> errors)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(errors);
        var valid = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in _settings.Values.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            string[] path = s.Key.Split(':')[1..];
            if (Check(typeof(T), path, s) is { } error)
            {
                errors.Add($"{s.Origin}: {error}");
            }
            else
            {
                valid[s.Key] = s.Value;
            }
        }

        var bound = new ConfigurationBuilder().AddInMemoryCollection(valid).Build().GetSection(section);
        return bound.Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
    }

    /// <summary>Null when <paramref name="s"/> fits the type reached by <paramref name="path"/> from <paramref name="type"/>; else why not.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = KeptWhole)]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = KeptWhole)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = KeptWhole)]
    private static string? Check(Type type, string[] path, Setting s)
    {
        foreach (string segment in path)
        {
            if (ElementType(type) is { } element)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return $"unknown setting '{s.Typed}' ({s.Label} is a list)";
                }

                type = element;
                continue;
            }

            var property = IsLeaf(type) ? null : type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => p.SetMethod is { IsPublic: true } && string.Equals(Fold(p.Name), segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return $"unknown setting '{s.Typed}'";
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }

        if (!IsLeaf(type) || s.Value is null)
        {
            return null; // a section (its keys are checked one by one), or a key written without a value
        }

        string value = s.Value.Trim();
        bool ok = type switch
        {
            _ when type == typeof(string) => true,
            _ when type.IsEnum => SettingValues.TryParse(type, value, out _),
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ => true,
        };
        if (ok)
        {
            return null;
        }

        return type.IsEnum
            ? $"{s.Label} '{value}' is not one of {string.Join(", ", SettingValues.Names(type))}"
            : $"{s.Label} '{value}' is not {(type == typeof(bool) ? "true or false" : type == typeof(double) ? "a number" : "a whole number")}";
    }

    private static bool IsLeaf(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "IEnumerable<T> is an interface: only its type is made, to compare, never code to run.")]
    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(IEnumerable<>).MakeGenericType(element).IsAssignableFrom(type) && type != typeof(string) ? element
        : null;

    /// <summary>Every key below <paramref name="parent"/> that has a value in <paramref name="provider"/>.</summary>
    private static IEnumerable<string> Keys(IConfigurationProvider provider, string parent)
    {
        foreach (string child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string path = $"{parent}:{child}";
            if (provider.TryGet(path, out _))
            {
                yield return path;
            }

            foreach (string below in Keys(provider, path))
            {
                yield return below;
            }
        }
    }

    private static (string Origin, string Typed) Describe(IConfigurationProvider provider, string key) => provider switch
    {
        YamlConfigurationProvider yaml => (yaml.LocationOf(key) ?? yaml.FilePath, key.Split(':')[^1]),
        CommandLineConfigurationProvider => ($"command line --{key}", $"--{key}"),
        EnvironmentVariablesConfigurationProvider => ($"environment {key.Replace(":", "__", StringComparison.Ordinal)}", key.Replace(":", "__", StringComparison.Ordinal)),
        _ => ($"{provider} {key}", key),
    };

    /// <summary>The key as messages name it: its words below the section, list positions left out (<c>transitions curve</c>).</summary>
    private static string Label(string key) =>
        string.Join(' ', key.Split(':').Skip(1).Where(s => !int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _)));

    /// <summary><c>Station:Dead_Air-Seconds</c> → <c>station:deadairseconds</c>: how keys are matched.</summary>
    private static string Fold(string key) =>
        key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
