namespace Eucaim.Platform.Tests.Platform.Fuzz;

/// <summary>
/// One broken request of the fuzz suite: the route of the OpenAPI document it targets, what is
/// broken (for the report), and how to build it. <see cref="SignedInOnly"/> cases break a body
/// field by field and would only ever meet the sign-in check when sent anonymously.
/// </summary>
internal sealed record FuzzCase(
    string Route,
    string Kind,
    HttpMethod Method,
    string Url,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null,
    bool SignedInOnly = false)
{
    /// <summary>Deletions and state changes of the run's own resources go last, so the other cases still find them.</summary>
    public bool Destructive => Method == HttpMethod.Delete || Url.EndsWith("/suspend", StringComparison.Ordinal) || Url.Contains("/suspend?", StringComparison.Ordinal);

    /// <summary>The kind without the value that was sent, to group the report.</summary>
    public string Family => Kind.Split('=')[0].Split(": ")[0];

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    public override string ToString()
    {
        var url = Url.Length > 160 ? Url[..160] + "…" : Url;
        return $"{Method} {url} [{Kind}]";
    }
}
