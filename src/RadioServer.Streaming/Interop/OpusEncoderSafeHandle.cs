using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>Owns a libopus encoder (<c>OpusEncoder*</c>) and destroys it exactly once.</summary>
internal sealed class OpusEncoderSafeHandle : SafeHandle
{
    public OpusEncoderSafeHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        OpusNative.opus_encoder_destroy(handle);
        return true;
    }
}
