namespace RadioServer.Configuration;

/// <summary>One of our mounts sent on to an external Icecast server as a source client (section <c>station.push[]</c>).</summary>
public sealed record PushOptions
{
    /// <summary>Our mount to send, e.g. <c>/stream.mp3</c>.</summary>
    public string Mount { get; init; } = "";

    /// <summary>Where to send it: <c>http://icecast.example:8000/234radio.mp3</c> or <c>https://…</c>.</summary>
    public string Url { get; init; } = "";

    public string User { get; init; } = "source";

    /// <summary>The remote source password; <c>RADIOSERVER_PUSH_PASSWORD</c> is used when this is empty.</summary>
    public string Password { get; init; } = "";

    /// <summary>
    /// For an <c>https://</c> URL: a PEM certificate (relative to the config file) trusted for this push besides the
    /// system's roots, e.g. the remote's self-signed certificate or private CA. Empty: the system's roots only.
    /// </summary>
    public string CaCertificate { get; init; } = "";

    /// <summary>
    /// How long connecting (TCP, TLS) and the remote's answer to our <c>PUT</c> may take before the try counts as
    /// failed and is retried with back-off: a server that accepts and never answers must not hold the push.
    /// </summary>
    public int TimeoutSeconds { get; init; } = 10;

    public override string ToString() => $"Push {{ Mount = {Mount}, Url = {Url} }}";
}
