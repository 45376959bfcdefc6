namespace RadioServer.Webhooks;

/// <summary>
/// One request for one hook, rendered when the event happened (so a retry sends what was true then): the same
/// <paramref name="Id"/> on every attempt, so a receiver can tell a retry from a new event.
/// </summary>
internal sealed record WebhookDelivery(string Id, string Event, HttpMethod Method, Uri Uri, byte[]? Body, string? ContentType, string? Signature)
{
    /// <summary>A fresh request for one attempt (a request message cannot be sent twice).</summary>
    public HttpRequestMessage ToRequest(string signatureHeader)
    {
        var request = new HttpRequestMessage(Method, Uri);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType ?? "application/json");
        }

        request.Headers.TryAddWithoutValidation("User-Agent", "RadioServer");
        request.Headers.TryAddWithoutValidation("X-RadioServer-Event", Event);
        request.Headers.TryAddWithoutValidation("X-RadioServer-Delivery", Id);
        if (Signature is not null)
        {
            request.Headers.TryAddWithoutValidation(signatureHeader, Signature);
        }

        return request;
    }

    /// <summary>Never prints the URI (its query may carry a key).</summary>
    public override string ToString() => $"WebhookDelivery {{ Id = {Id}, Event = {Event} }}";
}
