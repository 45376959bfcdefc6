using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace RadioServer.Icecast;

/// <summary>Icecast 2.4.4's response bodies and status lines (see docs/icecast-compat.md §1.4 and §6.2).</summary>
internal static class IcecastResults
{
    public const string XmlType = "text/xml; charset=utf-8";

    public static IResult Xml(string body) => Results.Bytes(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n" + body + "\n"), XmlType);

    public static IResult IceResponse(string message, int ret) =>
        Xml($"<iceresponse><message>{Escape(message)}</message><return>{ret}</return></iceresponse>");

    public static IResult BadRequest(HttpContext context, string message)
    {
        SetReason(context, "Bad Request");
        return Results.Content($"<html><head><title>Error 400</title></head><body><b>400 - {Escape(message)}</b></body></html>\r\n",
            "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status400BadRequest);
    }

    public static IResult Unauthorized(HttpContext context)
    {
        SetReason(context, "Authentication Required");
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Icecast2 Server\"";
        return Results.Content("You need to authenticate\r\n", "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status401Unauthorized);
    }

    /// <summary>Icecast's reason phrases differ from Kestrel's defaults ("Authentication Required", "File Not Found").</summary>
    public static void SetReason(HttpContext context, string reason)
    {
        if (context.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = reason;
        }
    }

    /// <summary>XML-escaped, and control characters (which XML 1.0 cannot carry even escaped) made visible first.</summary>
    public static string Escape(string? s) => System.Security.SecurityElement.Escape(Safety.SafeText.Escape(s) ?? "") ?? "";
}
