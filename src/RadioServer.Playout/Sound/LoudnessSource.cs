using System.ComponentModel;
using RadioServer.Playout.Settings;

namespace RadioServer.Playout.Sound;

/// <summary>Where an item's loudness comes from when it is levelled to the target (<c>loudness_source</c>).</summary>
[TypeConverter(typeof(SettingEnumConverter<LoudnessSource>))]
public enum LoudnessSource
{
    /// <summary>The station's own BS.1770 analysis of the file (the default).</summary>
    Analysis,

    /// <summary>
    /// The file's ReplayGain 2.0 track gain tag (reference −18 LUFS); files without a usable tag fall back to the
    /// analysis.
    /// </summary>
    [SettingName("replaygain")]
    ReplayGain,
}
