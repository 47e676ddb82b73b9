using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Eucaim.Platform.Tests.Platform.Fuzz;

/// <summary>
/// Builds the broken requests for one route of the OpenAPI document: invalid path values, invalid
/// query values, malformed and mistyped JSON, over-long strings and control characters field by
/// field, broken multipart bodies, and broken tus and job-token headers.
/// </summary>
internal static class FuzzCases
{
    // Path and query values stay under Kestrel's 8 KiB request line, which the server (not the
    // application) answers with a bare 414.
    private static readonly string LongSegment = new('a', 2000);

    private static readonly string[] BadPathValues =
    [
        "not-a-uuid", "%00", "a%00b", "%01", "%0A", "%1B%5B31m", "99999999999999999999", "-1", "0", "%FF%FE", "..%2F..%2Fetc",
        "%E2%80%AE", "%20", "00000000-0000-0000-0000-00000000000g", LongSegment, Guid.NewGuid().ToString(),
    ];

    private static readonly string[] BadQueryValues =
    [
        "abc", "%00", "a%00b", "%01%02", "%0D%0A", "%1B", "99999999999999999999", "-1", "", "1e309", "%FF", "true",
        "00000000-0000-0000-0000-00000000000g", "2024-13-45T99:99:99Z", LongSegment,
    ];

    /// <summary>JSON-ish bodies that no route should take: each as raw bytes with its content type.</summary>
    private static readonly (string Kind, string ContentType, byte[] Body)[] MalformedBodies =
    [
        ("empty JSON body", "application/json", []),
        ("JSON '{'", "application/json", Utf8("{")),
        ("JSON unterminated object", "application/json", Utf8("{\"a\":")),
        ("JSON trailing comma", "application/json", Utf8("{\"a\":1,}")),
        ("JSON extra brace", "application/json", Utf8("{}}")),
        ("JSON array", "application/json", Utf8("[]")),
        ("JSON null", "application/json", Utf8("null")),
        ("JSON string", "application/json", Utf8("\"text\"")),
        ("JSON number", "application/json", Utf8("123")),
        ("JSON empty object", "application/json", Utf8("{}")),
        ("JSON nested 5000 deep", "application/json", Utf8(new string('[', 5000) + new string(']', 5000))),
        ("JSON NUL byte", "application/json", [0x7B, 0x00, 0x7D]),
        ("JSON invalid UTF-8", "application/json", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]),
        ("JSON escaped NUL member", "application/json", Utf8("{\"name\\u0000\":\"x\"}")),
        ("JSON lone surrogate", "application/json", Utf8("{\"x\":\"\\uD800\"}")),
        ("JSON duplicate keys", "application/json", Utf8("{\"a\":1,\"a\":\"x\"}")),
        ("text/plain body", "text/plain", Utf8("{}")),
        ("XML body", "application/xml", Utf8("<a/>")),
        ("form body", "application/x-www-form-urlencoded", Utf8("a=%00&b=1")),
        ("JSON with bad charset", "application/json; charset=klingon", Utf8("{}")),
        ("multipart empty", "multipart/related; type=\"application/dicom\"; boundary=b", []),
        ("multipart no closing delimiter", "multipart/related; type=\"application/dicom\"; boundary=b", Utf8("--b\r\nContent-Type: application/dicom\r\n\r\nDICM")),
        ("multipart boundary over 70", $"multipart/related; type=\"application/dicom\"; boundary={new string('x', 71)}",
            Utf8($"--{new string('x', 71)}\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--{new string('x', 71)}--\r\n")),
        ("multipart no boundary", "multipart/related; type=\"application/dicom\"", Utf8("--b\r\n\r\nx\r\n--b--\r\n")),
        ("multipart empty boundary", "multipart/related; type=\"application/dicom\"; boundary=\"\"", Utf8("--\r\n\r\nx\r\n----\r\n")),
        ("multipart garbage", "multipart/related; type=\"application/dicom\"; boundary=b", Utf8("garbage")),
        ("multipart part without headers", "multipart/related; type=\"application/dicom\"; boundary=b", Utf8("--b\r\n\r\n\r\n--b--\r\n")),
        ("multipart headers never end", "multipart/related; type=\"application/dicom\"; boundary=b", Utf8("--b\r\nContent-Type: application/dicom\r\n" + new string('h', 20000))),
        ("multipart control in part header", "multipart/related; type=\"application/dicom\"; boundary=b", Utf8("--b\r\nContent-Type: application/\u0000dicom\r\n\r\nx\r\n--b--\r\n")),
        ("multipart truncated DICOM", "multipart/related; type=\"application/dicom\"; boundary=b", Utf8("--b\r\nContent-Type: application/dicom\r\n\r\n" + new string('\0', 128) + "DICM\x02\0\x10\0UI\xFF\xFF\r\n--b--\r\n")),
        ("form-data no closing delimiter", "multipart/form-data; boundary=b", Utf8("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx")),
    ];

    private static readonly (string Kind, string Json)[] WrongValues =
    [
        ("wrong type: number overflow", "123456789012345678901234567890"),
        ("wrong type: int32 overflow", "2147483648"),
        ("wrong type: huge exponent", "1e999"),
        ("wrong type: fraction", "1.5"),
        ("wrong type: negative", "-1"),
        ("wrong type: text", "\"abc\""),
        ("wrong type: boolean", "true"),
        ("wrong type: array", "[1,\"x\",null]"),
        ("wrong type: object", "{\"x\":{}}"),
        ("wrong type: null", "null"),
    ];

    private static readonly (string Kind, string Json)[] BadTexts =
    [
        ("NUL", Quote("a\u0000b")),
        ("control U+0001", Quote("a\u0001b")),
        ("escape sequence", Quote("a\u001B[31mb")),
        ("newline", Quote("a\nb")),
        ("carriage return", Quote("a\r\nb")),
        ("lone surrogate", "\"a\\uD800b\""),
        ("over-long 129", Quote(new string('g', 129))),
        ("over-long 256", Quote(new string('g', 256))),
        ("over-long 1001", Quote(new string('g', 1001))),
        ("over-long 5001", Quote(new string('g', 5001))),
        ("over-long 100000", Quote(new string('g', 100_000))),
        ("empty", "\"\""),
        ("blank", "\"   \""),
    ];

    public static IEnumerable<FuzzCase> For(string method, string template, JsonObject operation, FuzzIds ids)
    {
        var route = $"{method} {template}";
        var httpMethod = new HttpMethod(method);
        var parameters = (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var pathNames = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
        var queryNames = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!)
            .Concat(FuzzRoutes.UndocumentedQuery.GetValueOrDefault(route) ?? []).Distinct().ToList();
        var headerNames = parameters.Where(p => (string?)p["in"] == "header").Select(p => (string)p["name"]!).ToList();
        var validPath = Fill(template, name => ValidPathValue(template, name, ids));

        // The plain request, and every path parameter broken in turn.
        yield return new FuzzCase(route, "as documented", httpMethod, validPath);
        foreach (var name in pathNames)
        {
            foreach (var bad in BadPathValues)
            {
                var url = Fill(template, n => n == name ? bad : ValidPathValue(template, n, ids));
                yield return new FuzzCase(route, $"path {name}={Short(bad)}", httpMethod, url);
            }
        }

        foreach (var name in queryNames)
        {
            foreach (var bad in BadQueryValues)
            {
                yield return new FuzzCase(route, $"query {name}={Short(bad)}", httpMethod, $"{validPath}?{Uri.EscapeDataString(name)}={bad}");
            }
        }

        yield return new FuzzCase(route, "query repeated and unknown", httpMethod, $"{validPath}?limit=1&limit=2&%00=1&unknown=%00");

        foreach (var name in headerNames)
        {
            foreach (var (kind, value) in new[] { ("garbage", "garbage"), ("long", new string('t', 5000)), ("empty", ""), ("JWT-shaped", "a.b.c") })
            {
                yield return new FuzzCase(route, $"header {name} {kind}", httpMethod, validPath, Headers: [new(name, value)]);
            }
        }

        if (template.StartsWith("/api/uploads", StringComparison.Ordinal))
        {
            foreach (var tus in TusCases(route, httpMethod, validPath, ids))
            {
                yield return tus;
            }
        }

        if (method is not ("POST" or "PUT" or "PATCH"))
        {
            yield break;
        }

        foreach (var (kind, contentType, body) in MalformedBodies)
        {
            yield return new FuzzCase(route, kind, httpMethod, validPath, body, contentType);
        }

        var baseBody = FuzzRoutes.BaseBody(route, ids);
        if (baseBody is null)
        {
            yield break;
        }

        foreach (var (kind, json) in FieldCases(baseBody, ""))
        {
            yield return new FuzzCase(route, kind, httpMethod, validPath, Utf8(json), "application/json", SignedInOnly: true);
        }
    }

    /// <summary>The base body with one field at a time replaced (recursing into objects and the first element of arrays).</summary>
    private static IEnumerable<(string Kind, string Json)> FieldCases(JsonObject body, string prefix)
    {
        foreach (var (name, value) in body.ToList())
        {
            var field = prefix + name;
            var isText = value is JsonValue v && v.GetValueKind() == JsonValueKind.String;
            foreach (var (kind, json) in isText ? BadTexts.Concat(WrongValues) : WrongValues.Concat(BadTexts.Take(2)))
            {
                yield return ($"{field}: {kind}", Replace(body, name, json));
            }

            if (value is JsonArray array)
            {
                foreach (var (kind, json) in BadTexts.Concat(WrongValues.Take(3)))
                {
                    yield return ($"{field}[0]: {kind}", Replace(body, name, $"[{json}]"));
                }

                yield return ($"{field}: 1000 items", Replace(body, name, "[" + string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"item-{i}\"")) + "]"));
                if (array.FirstOrDefault() is JsonObject element)
                {
                    foreach (var (kind, json) in FieldCases(element, $"{field}[0]."))
                    {
                        yield return (kind, Replace(body, name, $"[{json}]"));
                    }
                }
            }

            if (value is JsonObject inner)
            {
                foreach (var (kind, json) in FieldCases(inner, $"{field}."))
                {
                    yield return (kind, Replace(body, name, json));
                }

                yield return ($"{field}: NUL key", Replace(body, name, "{\"a\\u0000b\":\"x\"}"));
                yield return ($"{field}: long key", Replace(body, name, $"{{\"{new string('k', 5000)}\":\"x\"}}"));
            }
        }
    }

    private static IEnumerable<FuzzCase> TusCases(string route, HttpMethod method, string path, FuzzIds ids)
    {
        var dataset = $"dataset {B64(ids.Dataset.ToString())}";
        IEnumerable<(string Kind, (string, string)[] Headers)> headerSets =
        [
            ("tus: no version", [("Upload-Length", "10")]),
            ("tus: unknown version", [("Tus-Resumable", "0.0.1"), ("Upload-Length", "10")]),
            ("tus: length text", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "abc"), ("Upload-Metadata", dataset)]),
            ("tus: length negative", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "-1"), ("Upload-Metadata", dataset)]),
            ("tus: length overflow", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "99999999999999999999"), ("Upload-Metadata", dataset)]),
            ("tus: defer length", [("Tus-Resumable", "1.0.0"), ("Upload-Defer-Length", "2"), ("Upload-Metadata", dataset)]),
            ("tus: filename 5000", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},filename {B64(new string('f', 5000))}")]),
            ("tus: filename NUL", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},filename {B64("a\u0000b.dcm")}")]),
            ("tus: filename control", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},filename {B64("a\u001b\r\nb.dcm")}")]),
            ("tus: filename traversal", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},filename {B64("../../etc/passwd")}")]),
            ("tus: metadata not base64", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", "dataset !!!,filename ???")]),
            ("tus: metadata dataset not a uuid", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"dataset {B64("a\u0000b")}")]),
            ("tus: metadata duplicate keys", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},{dataset}")]),
            ("tus: metadata huge", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},note {B64(new string('n', 20000))}")]),
            ("tus: metadata other values", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", $"{dataset},ingest {B64("x\u0000")},sha256 {B64(new string('z', 300))}")]),
            ("tus: idempotency key long", [("Tus-Resumable", "1.0.0"), ("Upload-Length", "10"), ("Upload-Metadata", dataset), ("Idempotency-Key", new string('i', 5000))]),
            ("tus: offset text", [("Tus-Resumable", "1.0.0"), ("Upload-Offset", "abc")]),
            ("tus: offset overflow", [("Tus-Resumable", "1.0.0"), ("Upload-Offset", "99999999999999999999")]),
            ("tus: offset negative", [("Tus-Resumable", "1.0.0"), ("Upload-Offset", "-5")]),
            ("tus: checksum garbage", [("Tus-Resumable", "1.0.0"), ("Upload-Offset", "0"), ("Upload-Checksum", "sha256 !!!")]),
            ("tus: checksum unknown algorithm", [("Tus-Resumable", "1.0.0"), ("Upload-Offset", "0"), ("Upload-Checksum", $"md5 {B64("x")}")]),
            ("tus: checksum long", [("Tus-Resumable", "1.0.0"), ("Upload-Offset", "0"), ("Upload-Checksum", $"sha1 {new string('A', 5000)}")]),
        ];

        foreach (var (kind, headers) in headerSets)
        {
            var list = headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList();
            yield return method == HttpMethod.Patch
                ? new FuzzCase(route, kind, method, path, Utf8("0123456789ABCDEF"), "application/offset+octet-stream", list)
                : new FuzzCase(route, kind, method, path, Headers: list);
        }

        if (method == HttpMethod.Patch)
        {
            yield return new FuzzCase(route, "tus: wrong content type", method, path, Utf8("01"), "application/json", [new("Tus-Resumable", "1.0.0"), new("Upload-Offset", "0")]);
            yield return new FuzzCase(route, "tus: past the length", method, path, new byte[4096], "application/offset+octet-stream", [new("Tus-Resumable", "1.0.0"), new("Upload-Offset", "0")]);
        }
    }

    private static string ValidPathValue(string template, string name, FuzzIds ids) => name switch
    {
        "id" when template.StartsWith("/api/datasets", StringComparison.Ordinal) || template.StartsWith("/dicomweb", StringComparison.Ordinal) => ids.Dataset.ToString(),
        "id" when template.StartsWith("/api/uploads", StringComparison.Ordinal) => ids.Upload.ToString(),
        "id" when template.StartsWith("/api/notifications", StringComparison.Ordinal) => "1",
        "id" => "4d7b5bbf-0f6c-4b8e-9d1e-5f3c2a1b0c9d",
        "tenant" => ids.Tenant,
        "name" => ids.Flavor,
        "reference" => Uri.EscapeDataString(ids.JobImage),
        "number" => "1",
        "frames" => "1",
        "path" => "7FE00010",
        _ => "1.2.826.0.1.3680043.2.1125.1",
    };

    private static string Fill(string template, Func<string, string> value)
    {
        var path = template;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(template, "\\{([^}]+)\\}").Select(m => m.Groups[1].Value))
        {
            path = path.Replace($"{{{name}}}", value(name), StringComparison.Ordinal);
        }

        return path;
    }

    private static string Replace(JsonObject body, string name, string json)
    {
        const string Placeholder = "\"__fuzz_placeholder__\"";
        var copy = body.DeepClone().AsObject();
        copy[name] = "__fuzz_placeholder__";
        return copy.ToJsonString().Replace(Placeholder, json, StringComparison.Ordinal);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Short(string value) => value.Length > 24 ? $"{value[..8]}…({value.Length})" : value;
}
