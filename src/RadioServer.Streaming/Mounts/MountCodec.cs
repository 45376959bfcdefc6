using System.ComponentModel;
using RadioServer.Playout.Settings;

namespace RadioServer.Streaming.Mounts;

/// <summary>How a mount is encoded (<c>format</c> in <c>station.yaml</c>).</summary>
[TypeConverter(typeof(SettingEnumConverter<MountCodec>))]
public enum MountCodec
{
    /// <summary>MP3 through LAME, titles as ICY metadata.</summary>
    Mp3,

    /// <summary>Ogg Opus at 48 kHz, titles in-band as chained streams.</summary>
    Opus,
}
