using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Xml;

namespace RadioServer.Recordings;

/// <summary>
/// One recording as its sidecar file (<c>name.json</c> beside <c>name.mp3</c>) describes it: what, who, when, how long.
/// Written when the recording starts (<see cref="Complete"/> false) and again when it ends, so a recording cut short by
/// a crash is still found at the next start, where its length is measured from the file.
/// </summary>
public sealed record RecordingInfo
{
    /// <summary>Serialization of the sidecar: snake_case keys, kinds as words.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter<RecordingKind>(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
        TypeInfoResolver = RecordingJsonContext.Default,
    };

    /// <summary>The sidecar's serializer (<see cref="Json"/>'s).</summary>
    internal static JsonTypeInfo<RecordingInfo> JsonInfo => (JsonTypeInfo<RecordingInfo>)Json.GetTypeInfo(typeof(RecordingInfo));

    /// <summary>A stable id (the podcast item's <c>guid</c>).</summary>
    public Guid Id { get; init; }

    public RecordingKind Kind { get; init; }

    /// <summary>The show's name (live: the source's <c>ice-name</c>; scheduled: its name; item: the item's title); see <see cref="Clean"/>.</summary>
    public string Show { get; init => field = Clean(value); } = "";

    /// <summary>The presenter (live: the source user; item: the item's artist); see <see cref="Clean"/>.</summary>
    public string Presenter { get; init => field = Clean(value); } = "";

    /// <summary>For an item: its playlist kind (<c>news</c>).</summary>
    public string? Role { get; init; }

    /// <summary>The mount recorded.</summary>
    public string Mount { get; init; } = "";

    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>The start in the station's time zone, with its offset.</summary>
    public DateTimeOffset StartedLocal { get; init; }

    /// <summary>The audio's length, measured on the finished file.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>The MP3 file's size in bytes (tag included).</summary>
    public long Bytes { get; init; }

    /// <summary>False while recording (or when the station stopped without finishing it).</summary>
    public bool Complete { get; init; }

    /// <summary>The MP3 file (absolute); not stored.</summary>
    [JsonIgnore]
    public string FilePath { get; init; } = "";

    /// <summary>The MP3 file below the recordings folder, with <c>/</c> separators (its URL path); not stored.</summary>
    [JsonIgnore]
    public string RelativePath { get; init; } = "";

    /// <summary>The sidecar of <paramref name="mp3"/>.</summary>
    public static string SidecarOf(string mp3) => Path.ChangeExtension(mp3, ".json");

    /// <summary>
    /// <paramref name="text"/> without control characters or characters XML cannot hold: a show or presenter comes from
    /// a source's <c>ice-name</c> or a file's tags, and one such character would make the podcast feed unwritable.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var clean = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c) && !char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.Length == text.Length ? text : clean.ToString();
    }
}
