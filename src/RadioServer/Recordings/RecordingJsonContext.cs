using System.Text.Json.Serialization;

namespace RadioServer.Recordings;

/// <summary>
/// The JSON sidecar of a recording, its serializers generated at build time: no reflection, so the same code runs as the Native AOT
/// program (<c>scripts/publish-station.sh</c>), which has no reflection-based serializer. Used as the resolver of
/// <see cref="RecordingInfo.Json"/>, whose naming and converters apply as before.
/// </summary>
[JsonSerializable(typeof(RecordingInfo))]
internal sealed partial class RecordingJsonContext : JsonSerializerContext;
