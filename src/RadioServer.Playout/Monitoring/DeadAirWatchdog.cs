using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Monitoring;

/// <summary>
/// The station's one dead-air detector, a bus sink: it counts silent audio for the metrics (total and current
/// stretch), and a stretch of blocks whose every sample is below <see cref="Threshold"/> (about −80 dBFS) lasting
/// longer than the configured time is logged once, counted, and its end logged with its length (a zero limit
/// only counts). Measured in bus frames, so it needs no clock. Counters are safe to read from any thread.
/// </summary>
public sealed partial class DeadAirWatchdog(int sampleRate, TimeSpan limit, ILogger logger) : IPcmSink
{
    /// <summary>Peak level under which a block counts as silent.</summary>
    public const float Threshold = 1e-4f;

    private readonly long _limitFrames = (long)(limit.TotalSeconds * sampleRate);
    private long _silentFrames;
    private long _totalSilentFrames;
    private bool _reported;

    /// <summary>Stretches of dead air longer than the limit so far.</summary>
    public int Stretches { get; private set; }

    /// <summary>Seconds of silent audio since start.</summary>
    public double DeadAirSeconds => (double)Interlocked.Read(ref _totalSilentFrames) / sampleRate;

    /// <summary>
    /// Raised on the playout thread when a stretch of silence passes the limit (<c>true</c>, with its length so far) and
    /// when audio comes back after it (<c>false</c>, with the silence's whole length). Keep handlers short.
    /// </summary>
    public event Action<bool, double>? StateChanged;

    /// <summary>Length of the silence on air now (0 while there is sound).</summary>
    public double CurrentSilenceSeconds => (double)Interlocked.Read(ref _silentFrames) / sampleRate;

    public void Write(PcmBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        float peak = block.Samples.IsEmpty ? 0 : TensorPrimitives.MaxMagnitude(block.Samples);
        if (peak >= Threshold)
        {
            if (_reported)
            {
                DeadAirEnded(logger, _silentFrames / (double)sampleRate);
                StateChanged?.Invoke(false, _silentFrames / (double)sampleRate);
            }

            Interlocked.Exchange(ref _silentFrames, 0);
            _reported = false;
            return;
        }

        Interlocked.Add(ref _silentFrames, block.Frames);
        Interlocked.Add(ref _totalSilentFrames, block.Frames);
        if (!_reported && _limitFrames > 0 && _silentFrames > _limitFrames)
        {
            _reported = true;
            Stretches++;
            DeadAir(logger, _silentFrames / (double)sampleRate, Stretches);
            StateChanged?.Invoke(true, _silentFrames / (double)sampleRate);
        }
    }

    [LoggerMessage(PlayoutLogIds.Monitoring + 0, LogLevel.Warning, "Dead air: {Seconds:F1} s of silence on the bus (stretch {Count} since start)")]
    private static partial void DeadAir(ILogger logger, double seconds, int count);

    [LoggerMessage(PlayoutLogIds.Monitoring + 1, LogLevel.Information, "Audio is back after {Seconds:F1} s of dead air")]
    private static partial void DeadAirEnded(ILogger logger, double seconds);
}
