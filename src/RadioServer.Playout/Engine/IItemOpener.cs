using NAudio.Wave;
using RadioServer.Playout.Bus;

namespace RadioServer.Playout.Engine;

/// <summary>Turns a picked item into audio in the station format, or says why it cannot be aired.</summary>
public interface IItemOpener
{
    /// <summary>Opens <paramref name="item"/>; never throws for bad files (returns <see cref="OpenedItem.Failed"/>).</summary>
    OpenedItem Open(PlayoutItem item);
}

/// <summary>The audio of one item, already converted to the station format, or the reason it failed.</summary>
public sealed class OpenedItem : IDisposable
{
    private readonly IDisposable? _owner;

    /// <summary>What owns the decoder (e.g. <see cref="Audio.Mp3FileSampleProvider"/>), for diagnostics when the item ends.</summary>
    public IDisposable? Owner => _owner;

    private OpenedItem(ISampleProvider? samples, IDisposable? owner, string? error, TimeSpan? duration)
    {
        Samples = samples;
        _owner = owner;
        Error = error;
        Duration = duration;
    }

    public ISampleProvider? Samples { get; }

    public string? Error { get; }

    public TimeSpan? Duration { get; }

    /// <summary>
    /// A real-time source (a relayed stream): it cannot be read ahead of the air, and it plays for exactly
    /// <see cref="Duration"/> (an underrun airs as silence), so its end is known from the start.
    /// </summary>
    public bool IsLive { get; private init; }

    public static OpenedItem Ok(ISampleProvider samples, IDisposable? owner, TimeSpan? duration) => new(samples, owner, null, duration);

    /// <summary>A real-time source that plays for exactly <paramref name="duration"/> (see <see cref="IsLive"/>).</summary>
    public static OpenedItem Live(ISampleProvider samples, IDisposable? owner, TimeSpan duration) => new(samples, owner, null, duration) { IsLive = true };

    public static OpenedItem Failed(string error) => new(null, null, error, null);

    public void Dispose() => _owner?.Dispose();
}
