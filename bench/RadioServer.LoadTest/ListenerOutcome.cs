namespace RadioServer.LoadTest;

/// <summary>How a listener connection ended.</summary>
internal enum ListenerOutcome
{
    /// <summary>Not finished yet (or never started).</summary>
    Running,

    /// <summary>Streamed until the tester stopped it.</summary>
    Served,

    /// <summary>Streamed, then the server closed or reset it before the end.</summary>
    DroppedEarly,

    /// <summary>Never streamed: connect failed, no or a bad response head, timed out.</summary>
    Failed,
}
