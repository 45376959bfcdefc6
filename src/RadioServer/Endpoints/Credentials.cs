using System.Security.Cryptography;
using System.Text;
using RadioServer.Configuration;

namespace RadioServer.Endpoints;

/// <summary>Who a request's Basic credentials belong to. Passwords are compared in constant time and never logged.</summary>
internal enum Role
{
    None,
    Source,
    Relay,
    Admin,
}

internal static class Credentials
{
    public static Role Check(HttpRequest request, StationOptions station)
    {
        string header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Role.None;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return Role.None;
        }

        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return Role.None;
        }

        string user = decoded[..colon];
        string password = decoded[(colon + 1)..];
        return Matches(user, password, station.AdminUser, station.AdminPassword) ? Role.Admin
            : Matches(user, password, station.SourceUser, station.SourcePassword) ? Role.Source
            : Matches(user, password, station.RelayUser, station.RelayPassword) ? Role.Relay
            : Role.None;
    }

    /// <summary>Constant time whatever the lengths: both sides are hashed to 32 bytes first. An unset password never matches.</summary>
    private static bool Matches(string user, string password, string expectedUser, string? expectedPassword)
    {
        if (string.IsNullOrEmpty(expectedPassword))
        {
            return false;
        }

        bool userOk = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(user)), SHA256.HashData(Encoding.UTF8.GetBytes(expectedUser)));
        bool passOk = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(expectedPassword)));
        return userOk & passOk;
    }
}
