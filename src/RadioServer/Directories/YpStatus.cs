namespace RadioServer.Directories;

/// <summary>What a touch reports: the title on air (as listeners see it) and the mount's listeners and listener limit.</summary>
internal sealed record YpStatus(string Title, int Listeners, int MaxListeners);
