namespace RadioServer.Playout.Settings;

/// <summary>
/// Another spelling a config file may use for an enum member (e.g. <c>ISO-8859-1</c> for <c>Latin1</c>); the member's
/// own name in snake_case is always accepted.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true)]
public sealed class SettingNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
