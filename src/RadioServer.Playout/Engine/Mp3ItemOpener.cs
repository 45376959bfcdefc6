using RadioServer.Playout.Audio;

namespace RadioServer.Playout.Engine;

/// <summary>Opens MP3 files: checks the frame chain first (<see cref="Mp3Probe"/>), then decodes with NLayer.</summary>
public sealed class Mp3ItemOpener(StationFormat format) : IItemOpener
{
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
            return OpenedItem.Ok(format.Convert(decoder), decoder, probe.Duration);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException
                                      or NotSupportedException or ArgumentException or IndexOutOfRangeException)
        {
            decoder?.Dispose();
            return OpenedItem.Failed($"decoder could not open the file: {e.Message}");
        }
    }
}
