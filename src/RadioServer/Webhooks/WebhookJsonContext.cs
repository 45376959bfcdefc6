using System.Text.Json.Serialization;
using RadioServer.Configuration;
using RadioServer.NowPlaying;

namespace RadioServer.Webhooks;

/// <summary>
/// The JSON a hook sends (the now-playing document, a template's quoted values) and a hook's settings as its fingerprint, its serializers generated at build time: no reflection, so the same code runs as the Native AOT
/// program (<c>scripts/publish-station.sh</c>), which has no reflection-based serializer. Used as the resolver of
/// <see cref="WebhookRenderer"/>'s options, whose naming and converters apply as before.
/// </summary>
[JsonSerializable(typeof(NowPlayingDocument))]
[JsonSerializable(typeof(WebhookOptions))]
[JsonSerializable(typeof(string))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
