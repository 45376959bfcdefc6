using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadioServer.Playout.Analysis;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Library;
using RadioServer.Playout.Sound;

namespace RadioServer.Playout.Engine;

/// <summary>
/// Opens MP3 files: checks the frame chain first (<see cref="Mp3Probe"/>), then decodes with NLayer. With
/// <see cref="LoudnessSettings"/>, each item is trimmed to its cue points and levelled to the loudness target
/// from its analysis (looked up without waiting; an unanalysed file plays at the safe default gain and is queued),
/// or from its ReplayGain track gain tag when <see cref="LoudnessSettings.Source"/> says so. Cue points always come
/// from the analysis.
/// </summary>
public sealed class Mp3ItemOpener : IItemOpener
{
    private readonly StationFormat _format;
    private readonly ITrackAnalysisSource? _analysis;
    private readonly LoudnessSettings? _loudness;
    private readonly ILogger _logger;

    /// <summary>An opener that plays files as they are (no gain, no cue points).</summary>
    public Mp3ItemOpener(StationFormat format)
        : this(format, null, null)
    {
    }

    public Mp3ItemOpener(StationFormat format, ITrackAnalysisSource? analysis, LoudnessSettings? loudness, ILogger? logger = null)
    {
        _format = format;
        _analysis = analysis;
        _loudness = loudness;
        _logger = logger ?? NullLogger.Instance;
    }

    public OpenedItem Open(PlayoutItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string path = item.Track.Path;
        var probe = Mp3Probe.Probe(path);
        if (!probe.IsPlayable)
        {
            return OpenedItem.Failed(probe.Error!);
        }

        Mp3FileSampleProvider? decoder = null;
        try
        {
            decoder = new Mp3FileSampleProvider(path);
            if (_loudness is null)
            {
                return OpenedItem.Ok(_format.Convert(decoder), decoder, probe.Duration);
            }

            var analysis = _analysis?.Find(path);
            var (samples, duration) = Trim(decoder, analysis, probe.Duration);
            double? replayGain = _loudness.Source == LoudnessSource.ReplayGain ? TagReader.ReadReplayGainTrackGain(path) : null;
            var (gainDb, why) = _loudness.GainFor(analysis, replayGain);
            SoundLog.ItemGain(_logger, path, gainDb, why);
            var converted = _format.Convert(samples);
            return OpenedItem.Ok(new GainSampleProvider(converted, (float)Math.Pow(10, gainDb / 20)), decoder, duration);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
                                      or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            decoder?.Dispose();
            return OpenedItem.Failed($"decoder could not open the file: {e.Message}");
        }
    }

    /// <summary>Skips the silence before cue-in and after cue-out when the analysis knows them.</summary>
    private static (NAudio.Wave.ISampleProvider Samples, TimeSpan Duration) Trim(Mp3FileSampleProvider decoder, TrackAnalysis? analysis, TimeSpan probed)
    {
        if (analysis is not { Error: null } a || a.SampleRate != decoder.WaveFormat.SampleRate || a.CueOutSeconds <= a.CueInSeconds)
        {
            return (decoder, probed);
        }

        long start = (long)Math.Round(a.CueInSeconds * a.SampleRate);
        long end = (long)Math.Round(a.CueOutSeconds * a.SampleRate);
        return (new CueRangeSampleProvider(decoder, start, end), TimeSpan.FromSeconds(a.CueOutSeconds - a.CueInSeconds));
    }
}
