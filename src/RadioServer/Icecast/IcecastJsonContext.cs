using System.Text.Json.Serialization;

namespace RadioServer.Icecast;

/// <summary>
/// The serializers of <c>/played.html?type=json</c> and <c>/7.html?json=1</c>, generated at build time for the Native
/// AOT program (see <c>Api/ApiJsonContext.cs</c>). The resolver of <see cref="StatusEndpoints"/>'s options.
/// </summary>
[JsonSerializable(typeof(List<StatusEndpoints.PlayedItem>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class IcecastJsonContext : JsonSerializerContext;
