using System.Text.Json.Serialization;

namespace RadioServer.Podcasts;

/// <summary>
/// The JSON of <c>/api/episodes</c>, its serializers generated at build time: no reflection, so the same code runs as the Native AOT
/// program (<c>scripts/publish-station.sh</c>), which has no reflection-based serializer. Used as the resolver of
/// <see cref="PodcastEndpoints"/>'s options (snake_case, as <c>/api/nowplaying</c>), whose naming and converters apply as before.
/// </summary>
[JsonSerializable(typeof(PodcastEndpoints.EpisodeList))]
internal sealed partial class PodcastJsonContext : JsonSerializerContext;
