using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>
/// Linux's <c>sendmsg(2)</c>, for the listener fast path (<see cref="Broadcast.SocketListenerOutput"/>): one gathered,
/// non-blocking send straight from the pieces' arrays. .NET's gathered send (<c>SocketAsyncEventArgs.BufferList</c>)
/// takes a <c>GCHandle</c> per piece and runs its async-operation machinery on every call, even when the kernel takes
/// everything at once, which is nearly always for a listener; that was about a tenth of the station's CPU at 8,000
/// listeners (perf, docs/performance.md). Linux x86-64 and arm64 layouts (LP64).
/// </summary>
internal static unsafe partial class SocketNative
{
    /// <summary>Return at once instead of blocking when the send buffer is full.</summary>
    public const int MsgDontWait = 0x40;

    /// <summary>A peer that closed gives EPIPE, not the process-killing SIGPIPE.</summary>
    public const int MsgNoSignal = 0x4000;

    public const int EIntr = 4;
    public const int EAgain = 11;

    /// <summary>How many pieces one call takes (Linux accepts up to 1,024); a listener's write is 5 to 12.</summary>
    public const int MaxPieces = 64;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>Bytes sent, or -1 with the error in <see cref="Marshal.GetLastPInvokeError"/>.</summary>
    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(int fd, MsgHdr* message, int flags);

    /// <summary>Whether this process can use the fast path (Linux on x86-64 or arm64, where the layouts above hold).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;
}
