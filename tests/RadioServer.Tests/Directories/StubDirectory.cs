using System.Net;

namespace RadioServer.Tests.Directories;

/// <summary>An in-memory directory behind an <see cref="HttpMessageHandler"/>: answers with <see cref="Respond"/> and records every body.</summary>
internal sealed class StubDirectory : HttpMessageHandler
{
    private readonly List<string> _bodies = [];

    /// <summary>Answers a request body; throwing stands for a transport failure.</summary>
    public Func<string, HttpResponseMessage> Respond { get; set; } = _ => Ok(("SID", "s1"), ("TouchFreq", "60"));

    /// <summary>Never answer (until the request is cancelled).</summary>
    public bool Hang { get; set; }

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    public static HttpResponseMessage Ok(params (string Name, string Value)[] headers) => Answer("1", headers);

    public static HttpResponseMessage Refused(string message) => Answer("0", ("YPMessage", message));

    private static HttpResponseMessage Answer(string ok, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("YPResponse", ok);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (_bodies)
        {
            _bodies.Add(body);
        }

        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return Respond(body);
    }
}
