using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>Owns a LAME encoder context (<c>lame_global_flags*</c>) and closes it exactly once.</summary>
internal sealed class LameSafeHandle : SafeHandle
{
    public LameSafeHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => LameNative.lame_close(handle) == 0;
}
