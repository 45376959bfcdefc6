using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RadioServer.Tests.Support;

/// <summary>A self-signed server certificate for 127.0.0.1 and localhost, written as PEM files the way certbot writes them.</summary>
internal static class TestCertificate
{
    /// <summary>
    /// Certificate check for the tests' TLS clients: valid for the system, or one of the self-signed certificates these
    /// tests make (which tests then tell apart by thumbprint).
    /// </summary>
    public static bool Accept(X509Certificate? certificate, System.Net.Security.SslPolicyErrors errors) =>
        errors == System.Net.Security.SslPolicyErrors.None
        || (certificate is not null && certificate.Subject == certificate.Issuer && certificate.Subject.StartsWith("CN=RadioServer", StringComparison.Ordinal));

    /// <summary>Writes <c>fullchain.pem</c> and <c>privkey.pem</c> into <paramref name="dir"/>; returns the certificate's thumbprint.</summary>
    public static string WritePem(string dir, string commonName = "RadioServer Test", string certFile = "fullchain.pem", string keyFile = "privkey.pem")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        // Written to a temporary name and moved into place, as certbot swaps its files.
        string certPath = Path.Combine(dir, certFile);
        string keyPath = Path.Combine(dir, keyFile);
        File.WriteAllText(certPath + ".new", cert.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath + ".new", key.ExportPkcs8PrivateKeyPem() + "\n");
        File.Move(keyPath + ".new", keyPath, overwrite: true);
        File.Move(certPath + ".new", certPath, overwrite: true);
        return cert.Thumbprint;
    }
}
