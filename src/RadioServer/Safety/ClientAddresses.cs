using System.Security.Cryptography;
using System.Text;
using RadioServer.Configuration;

namespace RadioServer.Safety;

/// <summary>
/// The one place a client's address is turned into text for others to read: console log, access log,
/// <c>listclients</c>, the statistics database. Everything in memory (per-IP limits, the login slow-down) keeps the
/// exact address; only what is written out goes through here.
/// </summary>
public sealed class ClientAddresses
{
    private readonly IpPrivacyMode _mode;
    private readonly byte[] _key;

    public ClientAddresses(StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mode = options.IpPrivacy;
        _key = _mode == IpPrivacyMode.Hash ? HashKey(options) : [];
    }

    /// <summary>The address as logs and pages show it (<c>-</c> when <c>ip_privacy: drop</c>).</summary>
    public string Written(string? ip) => ip is null or "-" ? "-" : IpPrivacy.Apply(_mode, ip, _key) ?? "-";

    /// <summary>The address as the database stores it (null when <c>ip_privacy: drop</c>).</summary>
    public string? Stored(string? ip) => ip is null or "-" ? null : IpPrivacy.Apply(_mode, ip, _key);

    /// <summary>
    /// <c>ip_hash_key</c> when set; otherwise a random key made once and kept (owner-only) in
    /// <c>data_folder/ip-hash.key</c>, so hashes stay comparable across restarts but the database alone cannot be
    /// brute-forced back to addresses.
    /// </summary>
    private static byte[] HashKey(StationOptions options)
    {
        if (options.IpHashKey.Length > 0)
        {
            return Encoding.UTF8.GetBytes(options.IpHashKey);
        }

        string path = Path.Combine(options.DataFolder, "ip-hash.key");
        if (File.Exists(path))
        {
            return Convert.FromHexString(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(options.DataFolder);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, Encoding.ASCII, create);
            writer.WriteLine(Convert.ToHexString(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromHexString(File.ReadAllText(path).Trim()); // another station process made it first
        }

        return key;
    }
}
