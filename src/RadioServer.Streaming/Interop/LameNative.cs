using System.Runtime.InteropServices;

namespace RadioServer.Streaming.Interop;

/// <summary>
/// P/Invoke declarations for Debian's libmp3lame0 (LAME 3.100). The SONAME <c>libmp3lame.so.0</c> is named
/// explicitly: the bare <c>libmp3lame.so</c> exists only with the -dev package.
/// </summary>
internal static partial class LameNative
{
    public const string Library = "libmp3lame.so.0";

    public const int ModeJointStereo = 1;
    public const int ModeMono = 3;

    [LibraryImport(Library)]
    public static partial LameSafeHandle lame_init();

    [LibraryImport(Library)]
    public static partial int lame_close(IntPtr gfp);

    [LibraryImport(Library)]
    public static partial int lame_set_in_samplerate(LameSafeHandle gfp, int rate);

    [LibraryImport(Library)]
    public static partial int lame_set_out_samplerate(LameSafeHandle gfp, int rate);

    [LibraryImport(Library)]
    public static partial int lame_set_num_channels(LameSafeHandle gfp, int channels);

    [LibraryImport(Library)]
    public static partial int lame_set_mode(LameSafeHandle gfp, int mode);

    [LibraryImport(Library)]
    public static partial int lame_set_brate(LameSafeHandle gfp, int kbps);

    [LibraryImport(Library)]
    public static partial int lame_set_VBR(LameSafeHandle gfp, int vbrMode);

    [LibraryImport(Library)]
    public static partial int lame_set_quality(LameSafeHandle gfp, int quality);

    [LibraryImport(Library)]
    public static partial int lame_set_bWriteVbrTag(LameSafeHandle gfp, int write);

    [LibraryImport(Library)]
    public static partial int lame_set_disable_reservoir(LameSafeHandle gfp, int disable);

    [LibraryImport(Library)]
    public static partial int lame_init_params(LameSafeHandle gfp);

    [LibraryImport(Library)]
    public static partial int lame_get_encoder_delay(LameSafeHandle gfp);

    [LibraryImport(Library)]
    public static partial int lame_get_framesize(LameSafeHandle gfp);

    [LibraryImport(Library)]
    public static unsafe partial int lame_encode_buffer_interleaved_ieee_float(
        LameSafeHandle gfp, float* pcm, int samplesPerChannel, byte* mp3Buffer, int mp3BufferSize);

    [LibraryImport(Library)]
    public static unsafe partial int lame_encode_buffer_ieee_float(
        LameSafeHandle gfp, float* left, float* right, int samplesPerChannel, byte* mp3Buffer, int mp3BufferSize);

    [LibraryImport(Library)]
    public static unsafe partial int lame_encode_flush(LameSafeHandle gfp, byte* mp3Buffer, int mp3BufferSize);

    [LibraryImport(Library)]
    public static partial IntPtr get_lame_version();
}
