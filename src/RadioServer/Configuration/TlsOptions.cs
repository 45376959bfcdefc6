namespace RadioServer.Configuration;

/// <summary>
/// HTTPS in the station itself (section <c>station.tls</c>): the certificate, where HTTPS listens, and whether the web
/// page is redirected to it. The certificate files are watched and reloaded when they change (certbot renewals).
/// </summary>
public sealed record TlsOptions
{
    /// <summary>
    /// The certificate, relative to the config file: a PEM file (the full chain, leaf first, as certbot's
    /// <c>fullchain.pem</c>) or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>). Empty: no certificate, no HTTPS.
    /// </summary>
    public string Certificate { get; init; } = "";

    /// <summary>The PEM private key (certbot's <c>privkey.pem</c>); empty for a PKCS#12 file or a PEM holding the key too.</summary>
    public string Key { get; init; } = "";

    /// <summary>
    /// The PKCS#12 password or the encrypted PEM key's password. Set it in the environment as
    /// <c>RADIOSERVER_TLS_PASSWORD</c> rather than in the file; it is never logged.
    /// </summary>
    public string Password { get; init; } = "";

    /// <summary>
    /// HTTPS addresses served besides <c>listen</c> (or <c>--urls</c>), separated by <c>;</c>, e.g. <c>https://0.0.0.0:8443</c>.
    /// <c>listen</c> itself may also name <c>https://</c> addresses.
    /// </summary>
    public string HttpsListen { get; init; } = "";

    /// <summary>Redirect the web page (never the stream mounts, the API or admin) from http:// to the HTTPS address.</summary>
    public bool RedirectPageToHttps { get; init; }

    /// <summary>Whether a certificate is configured.</summary>
    public bool HasCertificate => Certificate.Length > 0;

    /// <summary>Never prints the password (records print every property by default).</summary>
    public override string ToString() => $"Tls {{ Certificate = {Certificate}, HttpsListen = {HttpsListen} }}";
}
