namespace RadioServer.Directories;

/// <summary>A directory answered, but not <c>YPResponse: 1</c> (or an add without a SID).</summary>
internal sealed class YpRefusedException : Exception
{
    public YpRefusedException()
    {
    }

    public YpRefusedException(string message)
        : base(message)
    {
    }

    public YpRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
