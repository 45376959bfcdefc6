using System.Net;

namespace RadioServer.LoadTest;

/// <summary>One run's settings, validated by <see cref="LoadTestCli"/>.</summary>
/// <param name="Host">The server's address, always in 127.0.0.0/8.</param>
/// <param name="Port">The server's TCP port.</param>
/// <param name="Mount">The mount path requested, e.g. <c>/stream.mp3</c>.</param>
/// <param name="Listeners">How many listener connections to open.</param>
/// <param name="RampPerSecond">New connections per second; 0 opens them all at once.</param>
/// <param name="HoldSeconds">How long every connection is held after the last one has been started.</param>
/// <param name="Icy">Sends <c>Icy-MetaData: 1</c> and checks the metadata blocks.</param>
/// <param name="ServerPid">The server process sampled from /proc, or null.</param>
/// <param name="BitrateKbps">The expected bitrate, or null for each response's <c>icy-br</c>.</param>
/// <param name="Json">Prints the report as one JSON object.</param>
/// <param name="TitleProbeUrl">The admin URL (with credentials) requested in the middle of the hold, or null.</param>
/// <param name="SpreadSourceAddresses">Binds the clients to 127.0.0.1 … 127.0.0.254 in turn.</param>
/// <param name="TimeoutSeconds">Connect plus response head must arrive within this.</param>
internal sealed record LoadTestOptions(
    IPAddress Host,
    int Port,
    string Mount,
    int Listeners,
    double RampPerSecond,
    int HoldSeconds,
    bool Icy,
    int? ServerPid,
    int? BitrateKbps,
    bool Json,
    string? TitleProbeUrl,
    bool SpreadSourceAddresses,
    int TimeoutSeconds);
