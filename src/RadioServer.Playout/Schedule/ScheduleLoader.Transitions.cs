using System.Globalization;
using RadioServer.Playout.Transitions;
using YamlDotNet.RepresentationModel;

namespace RadioServer.Playout.Schedule;

/// <summary>Transition keys of playlists and items (<c>kind</c>, <c>crossfade_seconds</c>, fades, <c>curve</c>).</summary>
public static partial class ScheduleLoader
{
    /// <summary>The keys that set how items meet their neighbours, in a playlist or one of its items.</summary>
    internal static readonly string[] TransitionKeys = ["kind", "crossfade_seconds", "curve", "fade_in_seconds", "fade_out_seconds", "break_fade_seconds"];

    private static TransitionSettings ReadTransition(YamlNodeReader r, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> m)
    {
        ItemRole? role = null;
        if (m.TryGetValue("kind", out var k) && r.Scalar(k.Value, "kind") is { } kind)
        {
            if (Enum.TryParse<ItemRole>(kind, ignoreCase: true, out var parsed) && !int.TryParse(kind, CultureInfo.InvariantCulture, out _))
            {
                role = parsed;
            }
            else
            {
                r.Error(k.Value, $"kind must be music, news, ad or id, not '{kind}'");
            }
        }

        FadeCurve? curve = null;
        if (m.TryGetValue("curve", out var c) && r.Scalar(c.Value, "curve") is { } text)
        {
            curve = FadeCurves.ByName.TryGetValue(text, out var named) ? named : null;
            if (curve is null)
            {
                r.Error(c.Value, $"curve must be {FadeCurves.Names}, not '{text}'");
            }
        }

        return new TransitionSettings(role, Seconds(r, m, "crossfade_seconds"), curve, Seconds(r, m, "fade_in_seconds"),
            Seconds(r, m, "fade_out_seconds"), Seconds(r, m, "break_fade_seconds"));
    }

    private static TimeSpan? Seconds(YamlNodeReader r, Dictionary<string, (YamlScalarNode Key, YamlNode Value)> m, string key)
    {
        if (!m.TryGetValue(key, out var v) || r.Scalar(v.Value, key) is not { } s)
        {
            return null;
        }

        double max = TransitionSettings.MaxLength.TotalSeconds;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > max)
        {
            r.Error(v.Value, $"{key} must be a number of seconds from 0 to {max:0}, not '{s}'");
            return null;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
