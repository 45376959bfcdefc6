using System.Text.Json.Serialization;
using RadioServer.Configuration;
using RadioServer.NowPlaying;

namespace RadioServer.Webhooks;

/// <summary>
/// The serializers of what a hook sends (the now-playing document, a template's quoted values) and of a hook's settings
/// (its fingerprint), generated at build time for the Native AOT program (see <c>Api/ApiJsonContext.cs</c>). The
/// resolver of <see cref="WebhookRenderer"/>'s options.
/// </summary>
[JsonSerializable(typeof(NowPlayingDocument))]
[JsonSerializable(typeof(WebhookOptions))]
[JsonSerializable(typeof(string))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
