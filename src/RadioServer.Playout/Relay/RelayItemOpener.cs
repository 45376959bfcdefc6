using Microsoft.Extensions.Logging;
using RadioServer.Playout.Audio;
using RadioServer.Playout.Bus;
using RadioServer.Playout.Engine;
using RadioServer.Playout.Library;

namespace RadioServer.Playout.Relay;

/// <summary>
/// Lets a playlist (or schedule) entry be an upstream HTTP/Icecast stream, e.g. a network news feed for five
/// minutes (<c>#EXTINF:300,Network News</c> then the URL): such items are relayed for their length, files go
/// to the file opener. The playout engine sees an ordinary item; the relay reads the stream as it airs, never ahead.
/// </summary>
internal sealed class RelayItemOpener(IItemOpener files, StationFormat format, TimeProvider time, ILogger logger) : IItemOpener
{
    /// <summary>Relays with no length in the playlist run this long.</summary>
    public static readonly TimeSpan DefaultLength = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    public OpenedItem Open(PlayoutItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!PlaylistEntry.IsStreamUrl(item.Track.Path))
        {
            return files.Open(item);
        }

        if (!Uri.TryCreate(item.Track.Path, UriKind.Absolute, out var url))
        {
            return OpenedItem.Failed("not a valid stream URL");
        }

        var length = item.Length ?? DefaultLength;
        var relay = new HttpRelaySampleProvider(url, length, format, ConnectTimeout, time, logger);
        return OpenedItem.Live(relay, relay, length);
    }
}
