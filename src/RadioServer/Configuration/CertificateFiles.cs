using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RadioServer.Configuration;

/// <summary>
/// Reads a server certificate as operators get them: PEM chain + PEM key (certbot's <c>fullchain.pem</c> and
/// <c>privkey.pem</c>, the key optionally encrypted), a PEM holding both, or a PKCS#12 file. Used at config
/// validation (so a bad file is reported with where it was configured) and by every reload.
/// </summary>
public static class CertificateFiles
{
    /// <summary>The leaf certificate with its private key, and the rest of the chain (intermediates) to send with it.</summary>
    public sealed record Loaded(X509Certificate2 Leaf, X509Certificate2Collection Intermediates);

    /// <summary>Loads and checks the certificate; throws <see cref="InvalidDataException"/> with an operator-readable reason.</summary>
    public static Loaded Load(string certificate, string key, string password, DateTimeOffset now)
    {
        try
        {
            var loaded = IsPkcs12(certificate) ? LoadPkcs12(certificate, password) : LoadPem(certificate, key, password);
            if (!loaded.Leaf.HasPrivateKey)
            {
                throw new InvalidDataException($"{certificate} has no private key (name the key file in tls key)");
            }

            if (loaded.Leaf.NotAfter.ToUniversalTime() < now.UtcDateTime)
            {
                throw new InvalidDataException($"{certificate} expired on {loaded.Leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
            }

            return loaded;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read the certificate {certificate}{(key.Length > 0 ? " with key " + key : "")}: {e.Message}", e);
        }
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static Loaded LoadPkcs12(string path, string password)
    {
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password.Length > 0 ? password : null);
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw new InvalidDataException($"{path} holds no certificate with a private key");
        var rest = new X509Certificate2Collection();
        foreach (var c in all)
        {
            if (!ReferenceEquals(c, leaf))
            {
                rest.Add(c);
            }
        }

        return new Loaded(leaf, rest);
    }

    private static Loaded LoadPem(string certificate, string key, string password)
    {
        string keyFile = key.Length > 0 ? key : certificate;
        var leaf = password.Length > 0
            ? X509Certificate2.CreateFromEncryptedPemFile(certificate, password, keyFile)
            : X509Certificate2.CreateFromPemFile(certificate, keyFile);
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificate);
        var rest = new X509Certificate2Collection();
        foreach (var c in chain)
        {
            if (c.Thumbprint != leaf.Thumbprint)
            {
                rest.Add(c);
            }
        }

        return new Loaded(leaf, rest);
    }
}
