using System.Text.Json.Serialization;

namespace RadioServer.Podcasts;

/// <summary>
/// The serializer of <c>/api/episodes</c>, generated at build time for the Native AOT program (see
/// <c>Api/ApiJsonContext.cs</c>). The resolver of <see cref="PodcastEndpoints"/>'s options.
/// </summary>
[JsonSerializable(typeof(PodcastEndpoints.EpisodeList))]
internal sealed partial class PodcastJsonContext : JsonSerializerContext;
