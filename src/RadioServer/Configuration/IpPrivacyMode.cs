using System.ComponentModel;
using RadioServer.Playout.Settings;

namespace RadioServer.Configuration;
/// <summary>How a listener's address is kept (<c>station.ip_privacy</c>); applied in <c>Safety/IpPrivacy.cs</c>.</summary>
[TypeConverter(typeof(SettingEnumConverter<IpPrivacyMode>))]
public enum IpPrivacyMode
{
    /// <summary>The network only: IPv4 /24, IPv6 /48 (the default).</summary>
    Truncate,

    /// <summary>A keyed hash (HMAC-SHA-256, key from <c>ip_hash_key</c>): the same listener gets the same hash, not reversible without the key.</summary>
    Hash,

    /// <summary>The address as it is.</summary>
    None,

    /// <summary>Nothing.</summary>
    Drop,
}
