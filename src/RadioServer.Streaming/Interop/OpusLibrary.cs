using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>Whether Debian's libopus is there for the Ogg Opus mounts (Concentus's managed encoder stands in when not).</summary>
public static class OpusLibrary
{
    /// <summary>How to install the library on Debian/Ubuntu, for the startup notice.</summary>
    public const string InstallHint = "install libopus0 (`sudo apt-get install -y libopus0`)";

    private static readonly Lazy<bool> Available = new(static () => NativeLibraries.CanLoad(OpusNative.Library));

    private static readonly Lazy<string> VersionText = new(static () => Marshal.PtrToStringAnsi(OpusNative.opus_get_version_string()) ?? "libopus");

    /// <summary>True when <c>libopus.so.0</c> can be loaded (checked once per process).</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>libopus's version string, e.g. "libopus 1.3.1" (read once per process: the encoders name it at every title).</summary>
    public static string Version() => VersionText.Value;

    /// <summary>libopus's text for an error code.</summary>
    internal static string Describe(int error) => Marshal.PtrToStringAnsi(OpusNative.opus_strerror(error)) ?? $"error {error}";
}
