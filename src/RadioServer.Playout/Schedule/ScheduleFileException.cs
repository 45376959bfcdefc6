namespace RadioServer.Playout.Schedule;

/// <summary>A schedule file is wrong. <see cref="Errors"/> lists every problem as <c>file:line:column: message</c>.</summary>
public sealed class ScheduleFileException : Exception
{
    public ScheduleFileException()
        : this([])
    {
    }

    public ScheduleFileException(string message)
        : this([message])
    {
    }

    public ScheduleFileException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [message];
    }

    public ScheduleFileException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>Every problem found, each <c>file:line:column: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
