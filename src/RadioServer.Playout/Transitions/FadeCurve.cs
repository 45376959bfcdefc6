using System.ComponentModel;
using RadioServer.Playout.Settings;

namespace RadioServer.Playout.Transitions;

/// <summary>The shape of a fade; the fade-out is the fade-in mirrored in time.</summary>
[TypeConverter(typeof(SettingEnumConverter<FadeCurve>))]
public enum FadeCurve
{
    /// <summary>Amplitude rises linearly: constant sum of amplitudes (a −6 dB dip for unrelated material).</summary>
    Linear,

    /// <summary>Linear in decibels over 60 dB (sounds even to the ear; the incoming item is heard late).</summary>
    Logarithmic,

    /// <summary>sin/cos: constant power for unrelated material, the usual choice between songs.</summary>
    EqualPower,
}
