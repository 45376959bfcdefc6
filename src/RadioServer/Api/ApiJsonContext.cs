using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RadioServer.NowPlaying;

namespace RadioServer.Api;

/// <summary>
/// The serializers of <c>/api/nowplaying</c>'s and <c>/api/reports/*</c>'s documents, generated at build time: no
/// reflection, so the same code runs as the Native AOT program (<c>scripts/publish-station.sh</c>), which has no
/// reflection-based serializer. The resolver of <see cref="NowPlayingEndpoints.Json"/>, whose naming applies.
/// </summary>
[JsonSerializable(typeof(NowPlayingDocument))]
[JsonSerializable(typeof(ReportEndpoints.ListenerReportDocument))]
[JsonSerializable(typeof(List<ReportEndpoints.UserAgentRow>))]
[JsonSerializable(typeof(List<ReportEndpoints.SessionRow>))]
[JsonSerializable(typeof(List<ReportEndpoints.AiredRow>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>The serializer of <typeparamref name="T"/> under <see cref="NowPlayingEndpoints.Json"/>.</summary>
    public static JsonTypeInfo<T> For<T>() => (JsonTypeInfo<T>)NowPlayingEndpoints.Json.GetTypeInfo(typeof(T));
}
