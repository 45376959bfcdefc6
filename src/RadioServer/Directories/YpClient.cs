using System.Text;

namespace RadioServer.Directories;

/// <summary>
/// Sends <c>yp-cgi</c> requests to one directory: a form POST (GET was given up by the directories long ago), each
/// bounded by its own timeout on the injected clock. Transport failures and timeouts throw; an answer, even a refusal,
/// is returned.
/// </summary>
internal sealed class YpClient(HttpClient http, Uri directory, TimeSpan timeout, TimeProvider time)
{
    /// <summary>The directory as logs name it: scheme, host and path, never a query (which may hold a key).</summary>
    public string Name => directory.GetLeftPart(UriPartial.Path);

    /// <summary>POSTs <paramref name="form"/> and reads the answer's headers, within the client's timeout.</summary>
    public Task<YpAnswer> SendAsync(string form, CancellationToken ct) => SendAsync(form, timeout, ct);

    /// <summary>As <see cref="SendAsync(string, CancellationToken)"/>, within <paramref name="limit"/>.</summary>
    public async Task<YpAnswer> SendAsync(string form, TimeSpan limit, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        using var content = new StringContent(form, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(YpForm.ContentType);
        try
        {
            using var response = await http.PostAsync(directory, content, linked.Token).ConfigureAwait(false);
            return YpAnswer.Parse((int)response.StatusCode, response.Headers);
        }
        catch (OperationCanceledException e) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {limit.TotalSeconds:0.#} s", e);
        }
    }
}
