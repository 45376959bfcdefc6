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
    public static string WritePem(string dir, string commonName = "RadioServer Test", string certFile = "fullchain.pem", string keyFile = "privkey.pem") =>
        WritePem(dir, commonName, certFile, keyFile, key => key.ExportPkcs8PrivateKeyPem());

    /// <summary>As <see cref="WritePem(string,string,string,string)"/> with the key encrypted under <paramref name="password"/> (PKCS#8, AES-256).</summary>
    public static string WriteEncryptedPem(string dir, string password, string certFile = "fullchain.pem", string keyFile = "privkey.pem") =>
        WritePem(dir, "RadioServer Encrypted", certFile, keyFile, key => key.ExportEncryptedPkcs8PrivateKeyPem(password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));

    /// <summary>Writes a PKCS#12 file (certificate and key) protected by <paramref name="password"/>; returns the thumbprint.</summary>
    public static string WritePfx(string dir, string password, string file = "station.pfx")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = Create("RadioServer Pfx", key);
        File.WriteAllBytes(Path.Combine(dir, file), cert.Export(X509ContentType.Pkcs12, password));
        return cert.Thumbprint;
    }

    private static string WritePem(string dir, string commonName, string certFile, string keyFile, Func<ECDsa, string> exportKey)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = Create(commonName, key);
        // Written to a temporary name and moved into place, as certbot swaps its files.
        string certPath = Path.Combine(dir, certFile);
        string keyPath = Path.Combine(dir, keyFile);
        File.WriteAllText(certPath + ".new", cert.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath + ".new", exportKey(key) + "\n");
        File.Move(keyPath + ".new", keyPath, overwrite: true);
        File.Move(certPath + ".new", certPath, overwrite: true);
        return cert.Thumbprint;
    }

    private static X509Certificate2 Create(string commonName, ECDsa key)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }
}
