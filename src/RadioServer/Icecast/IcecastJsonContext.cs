using System.Text.Json.Serialization;

namespace RadioServer.Icecast;

/// <summary>
/// The JSON of <c>/played.html?type=json</c> and <c>/7.html?json=1</c>, its serializers generated at build time: no reflection, so the same code runs as the Native AOT
/// program (<c>scripts/publish-station.sh</c>), which has no reflection-based serializer. Used as the resolver of
/// <see cref="StatusEndpoints"/>'s options (ASP.NET's web defaults, as before), whose naming and converters apply as before.
/// </summary>
[JsonSerializable(typeof(List<StatusEndpoints.PlayedItem>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class IcecastJsonContext : JsonSerializerContext;
