using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>
/// P/Invoke declarations for Debian's libopus0 (libopus 1.3). The SONAME <c>libopus.so.0</c> is named explicitly: the
/// bare <c>libopus.so</c> exists only with the -dev package. Constants are those of <c>opus_defines.h</c>.
/// </summary>
internal static partial class OpusNative
{
    public const string Library = "libopus.so.0";

    public const int Ok = 0;
    public const int ApplicationAudio = 2049;
    public const int SetBitrateRequest = 4002;
    public const int SetComplexityRequest = 4010;
    public const int SetSignalRequest = 4024;
    public const int GetLookaheadRequest = 4027;
    public const int SignalMusic = 3002;

    [LibraryImport(Library)]
    public static partial OpusEncoderSafeHandle opus_encoder_create(int sampleRate, int channels, int application, out int error);

    [LibraryImport(Library)]
    public static partial void opus_encoder_destroy(IntPtr encoder);

    // opus_encoder_ctl is variadic. On x86-64 (System V) and Linux arm64 a variadic int or pointer argument travels
    // exactly as a fixed one does, so each request is declared with the one argument it takes.
    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    public static partial int opus_encoder_ctl_set(OpusEncoderSafeHandle encoder, int request, int value);

    [LibraryImport(Library, EntryPoint = "opus_encoder_ctl")]
    public static partial int opus_encoder_ctl_get(OpusEncoderSafeHandle encoder, int request, out int value);

    [LibraryImport(Library)]
    public static unsafe partial int opus_encode_float(OpusEncoderSafeHandle encoder, float* pcm, int frameSize, byte* data, int maxDataBytes);

    [LibraryImport(Library)]
    public static partial IntPtr opus_strerror(int error);

    [LibraryImport(Library)]
    public static partial IntPtr opus_get_version_string();
}
