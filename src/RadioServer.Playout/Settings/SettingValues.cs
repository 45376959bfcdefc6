using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;

namespace RadioServer.Playout.Settings;

/// <summary>
/// Reads an enum setting the way operators write it: the member's name in snake_case (<c>equal_power</c>,
/// <c>replaygain</c>), matched without case, underscores or dashes, or a <see cref="SettingNameAttribute"/> alias.
/// Put <c>[TypeConverter(typeof(SettingEnumConverter&lt;T&gt;))]</c> on the enum so configuration binding uses it.
/// </summary>
public static class SettingValues
{
    /// <summary>
    /// The documented name of each of <paramref name="type"/>'s members, in declaration order: its first
    /// <see cref="SettingNameAttribute"/>, else its name in snake_case.
    /// </summary>
    public static IReadOnlyList<string> Names([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return [.. type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttributes<SettingNameAttribute>().FirstOrDefault()?.Name ?? SnakeCase(f.Name))];
    }

    /// <summary>Parses <paramref name="text"/> into a member of <paramref name="type"/>; false when it names none.</summary>
    public static bool TryParse([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] Type type, string? text, out object? value)
    {
        ArgumentNullException.ThrowIfNull(type);
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string wanted = Fold(text);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (Fold(field.Name) == wanted || field.GetCustomAttributes<SettingNameAttribute>().Any(a => Fold(a.Name) == wanted))
            {
                value = field.GetValue(null);
                return true;
            }
        }

        return false;
    }

    /// <summary><c>EqualPower</c> → <c>equal_power</c>: one word per capital.</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string Fold(string s) => s.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}

/// <summary>The type converter configuration binding uses for enum settings (see <see cref="SettingValues"/>).</summary>
public sealed class SettingEnumConverter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T> : EnumConverter
    where T : struct, Enum
{
    public SettingEnumConverter()
        : base(typeof(T))
    {
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? SettingValues.TryParse(typeof(T), text, out var parsed) ? parsed
                : throw new FormatException($"'{text}' is not one of {string.Join(", ", SettingValues.Names(typeof(T)))}")
            : base.ConvertFrom(context, culture, value);
}
