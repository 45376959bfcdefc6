using System.Security.Cryptography;
using System.Text;
using RadioServer.Configuration;

namespace RadioServer.Icecast;

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
    public static Role Check(HttpRequest request, StationOptions station) => Check(request.Headers.Authorization.ToString(), station);

    public static Role Check(string? authorization, StationOptions station)
    {
        ArgumentNullException.ThrowIfNull(station);
        if (!TryParseBasic(authorization, out string user, out string password))
        {
            return Role.None;
        }

        return Matches(user, password, station.AdminUser, station.AdminPassword) ? Role.Admin
            : Matches(user, password, station.SourceUser, station.SourcePassword) ? Role.Source
            : Matches(user, password, station.RelayUser, station.RelayPassword) ? Role.Relay
            : Role.None;
    }

    /// <summary>The presenter a live source authenticates as (a configured presenter, or the station's source user), or null.</summary>
    public static string? Presenter(string? authorization, StationOptions station)
    {
        ArgumentNullException.ThrowIfNull(station);
        if (!TryParseBasic(authorization, out string user, out string password))
        {
            return null;
        }

        string? match = null;
        foreach (var p in station.Live.Presenters)
        {
            if (Matches(user, password, p.User, p.Password))
            {
                match = p.User; // no early exit: the time taken does not depend on which account matched
            }
        }

        return match ?? (Matches(user, password, station.SourceUser, station.SourcePassword) ? station.SourceUser : null);
    }

    /// <summary>The user name in Basic credentials (never the password), or null when there is none; for logs, escape it first.</summary>
    public static string? UserName(string? authorization) => TryParseBasic(authorization, out string user, out _) ? user : null;

    private static bool TryParseBasic(string? header, out string user, out string password)
    {
        user = password = "";
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
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
