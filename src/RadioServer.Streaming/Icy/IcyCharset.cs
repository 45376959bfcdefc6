using System.ComponentModel;
using RadioServer.Playout.Settings;

namespace RadioServer.Streaming.Icy;

/// <summary>The character set of a mount's ICY titles (<c>charset</c> in <c>station.yaml</c>).</summary>
[TypeConverter(typeof(SettingEnumConverter<IcyCharset>))]
public enum IcyCharset
{
    /// <summary>UTF-8, what current players expect (the default).</summary>
    [SettingName("UTF-8")]
    Utf8,

    /// <summary>ISO-8859-1, for old hardware radios that show UTF-8 as garbage.</summary>
    [SettingName("ISO-8859-1")]
    [SettingName("latin1")]
    Latin1,
}
