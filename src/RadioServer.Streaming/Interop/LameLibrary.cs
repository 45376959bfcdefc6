using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>Startup check for the native MP3 encoder.</summary>
public static class LameLibrary
{
    /// <summary>How to install the library on Debian/Ubuntu, for the one-line startup error.</summary>
    public const string InstallHint = "libmp3lame.so.0 not found: install it with `sudo apt-get install -y libmp3lame0`";

    /// <summary>True when <c>libmp3lame.so.0</c> can be loaded.</summary>
    public static bool IsAvailable() => NativeLibraries.CanLoad(LameNative.Library);

    /// <summary>LAME's version string, e.g. "3.100".</summary>
    public static string Version() => Marshal.PtrToStringAnsi(LameNative.get_lame_version()) ?? "unknown";
}
