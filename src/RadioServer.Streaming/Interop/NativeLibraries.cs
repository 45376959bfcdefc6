using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>What the native libraries' checks share.</summary>
internal static class NativeLibraries
{
    /// <summary>True when the library <paramref name="name"/> can be loaded (loaded and let go again).</summary>
    public static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
