namespace RadioServer.Streaming.Interop;

/// <summary>A libmp3lame call failed; <see cref="NativeCode"/> is LAME's return code.</summary>
public sealed class LameException : Exception
{
    public LameException()
    {
    }

    public LameException(string message)
        : base(message)
    {
    }

    public LameException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public LameException(string function, int nativeCode)
        : base($"{function} failed with LAME code {nativeCode}")
    {
        NativeCode = nativeCode;
    }

    public int NativeCode { get; }
}
