using System.Text.Json.Serialization;

namespace RadioServer.Recordings;

/// <summary>
/// The serializer of a recording's sidecar, generated at build time for the Native AOT program (see
/// <c>Api/ApiJsonContext.cs</c>). The resolver of <see cref="RecordingInfo.Json"/>, whose naming and converter apply.
/// </summary>
[JsonSerializable(typeof(RecordingInfo))]
internal sealed partial class RecordingJsonContext : JsonSerializerContext;
