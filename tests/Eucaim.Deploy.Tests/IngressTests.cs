using System.Text.Json;
using Eucaim.Deploy.Tests.Images;
using k8s.Models;

namespace Eucaim.Deploy.Tests;

/// <summary>
/// One host for people and tools: the portal at the site root, every route of the Api at its own
/// path. Checked against the Api's OpenAPI document (the snapshot the platform tests keep equal to the
/// running Api), so a new top-level path of the Api that the Ingress does not route fails here.
/// </summary>
public sealed class IngressTests
{
    /// <summary>What the Api serves outside its OpenAPI document: the API reference, the document itself, the probes.</summary>
    private static readonly string[] ApiPathsOutsideTheDocument = ["/docs", "/docs/v1", "/openapi/v1.json", "/health", "/alive"];

    /// <summary>The portal's pages, assets and sign-in callbacks.</summary>
    private static readonly string[] PortalPaths =
    [
        "/", "/datasets", "/datasets/0b0c3f5e-3c4d-4a38-9f6c-2f1e6b0a7d11", "/datasets/0b0c3f5e-3c4d-4a38-9f6c-2f1e6b0a7d11/dcat",
        "/signin-oidc", "/signout-callback-oidc", "/site.css", "/_framework/blazor.web.js", "/_blazor", "/not-found", "/error",
        // Segments, not characters: these are not the Api's /api, /docs and /health.
        "/apis", "/docsearch", "/health/portal",
    ];

    public static TheoryData<string> Trees() => [.. Kustomize.Trees];

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Every_route_of_the_api_reaches_the_api_and_everything_else_the_portal(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var ingresses = rendered.All<V1Ingress>("Ingress").ToList();
        var host = rendered.Single<V1Ingress>("Ingress", "api").Spec.Rules.Single().Host;
        var apiPaths = (await OpenApiPathsAsync()).Concat(ApiPathsOutsideTheDocument).ToList();

        Assert.Contains("/api/datasets", apiPaths);
        Assert.Contains(apiPaths, p => p.StartsWith("/dicomweb/", StringComparison.Ordinal));
        Assert.All(apiPaths, p => Assert.True(IngressRouting.ServiceFor(ingresses, host, p) == "api", $"{p} reaches {IngressRouting.ServiceFor(ingresses, host, p) ?? "nothing"}, not the api"));
        if (Kustomize.HasPortal(tree))
        {
            Assert.All(PortalPaths, p => Assert.True(IngressRouting.ServiceFor(ingresses, host, p) == "web", $"{p} reaches {IngressRouting.ServiceFor(ingresses, host, p) ?? "nothing"}, not the portal"));
        }
        else
        {
            // A node has no portal: what is not the Api's reaches nothing (the controller's 404).
            Assert.All(PortalPaths, p => Assert.True(IngressRouting.ServiceFor(ingresses, host, p) is null, $"{p} reaches {IngressRouting.ServiceFor(ingresses, host, p)} at a node"));
        }
    }

    [Theory]
    [MemberData(nameof(Trees))]
    public async Task Each_ingress_sends_to_one_service_on_its_named_port_and_the_proxy_settings_of_the_api_stay_with_the_api(string tree)
    {
        var rendered = await Kustomize.RenderAsync(tree);
        var api = rendered.Single<V1Ingress>("Ingress", "api");
        // Unlimited, unbuffered bodies are for uploads to the Api.
        Assert.Equal("0", api.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-body-size"]);
        if (!Kustomize.HasPortal(tree))
        {
            // A node: the Api's Ingress alone.
            Assert.Equal(["api"], rendered.All<V1Ingress>("Ingress").Select(i => i.Metadata.Name));
            AssertSendsTo(rendered, api, "api");
            return;
        }

        var web = rendered.Single<V1Ingress>("Ingress", "web");

        Assert.Equal(2, rendered.All<V1Ingress>("Ingress").Count());
        foreach (var (ingress, service) in new[] { (api, "api"), (web, "web") })
        {
            AssertSendsTo(rendered, ingress, service);
        }

        Assert.Equal("/", Assert.Single(web.Spec.Rules.Single().Http.Paths).Path);
        // The portal keeps the controller's limits.
        Assert.DoesNotContain("nginx.ingress.kubernetes.io/proxy-body-size", web.Metadata.Annotations?.Keys ?? []);
    }

    private static void AssertSendsTo(RenderedTree rendered, V1Ingress ingress, string service)
    {
        var backends = ingress.Spec.Rules.Single().Http.Paths.Select(p => p.Backend.Service).ToList();
        Assert.All(backends, b => Assert.Equal((service, "http"), (b.Name, b.Port.Name)));
        Assert.Contains(rendered.Single<V1Service>("Service", service).Spec.Ports, p => p.Name == "http");
    }

    [Fact]
    public void Routing_prefers_exact_then_the_longest_prefix_by_whole_segments_whatever_the_order()
    {
        static V1HTTPIngressPath Route(string path, string type, string service) =>
            new() { Path = path, PathType = type, Backend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = service } } };
        static V1Ingress Ingress(params V1HTTPIngressPath[] paths) =>
            new() { Spec = new V1IngressSpec { Rules = [new V1IngressRule { Host = "h", Http = new V1HTTPIngressRuleValue { Paths = paths } }] } };
        var ingresses = new[] { Ingress(Route("/", "Prefix", "root")), Ingress(Route("/a", "Prefix", "a"), Route("/a/b/", "Prefix", "ab"), Route("/a/b/c", "Exact", "exact")) };

        Assert.Equal("root", IngressRouting.ServiceFor(ingresses, "h", "/"));
        Assert.Equal("a", IngressRouting.ServiceFor(ingresses, "h", "/a"));
        Assert.Equal("a", IngressRouting.ServiceFor(ingresses, "h", "/a/x"));
        Assert.Equal("root", IngressRouting.ServiceFor(ingresses, "h", "/ab"));
        Assert.Equal("ab", IngressRouting.ServiceFor(ingresses, "h", "/a/b"));
        Assert.Equal("ab", IngressRouting.ServiceFor(ingresses, "h", "/a/b/c/d"));
        Assert.Equal("exact", IngressRouting.ServiceFor(ingresses, "h", "/a/b/c"));
        Assert.Null(IngressRouting.ServiceFor(ingresses, "other", "/a"));
        Assert.Throws<Xunit.Sdk.XunitException>(() => IngressRouting.ServiceFor([Ingress(Route("/", "ImplementationSpecific", "x"))], "h", "/"));
    }

    /// <summary>Every path of the Api's OpenAPI document, its parameters filled in.</summary>
    private static async Task<List<string>> OpenApiPathsAsync()
    {
        var document = Tool.RepositoryPath("tests", "Eucaim.Platform.Tests", "Platform", "openapi.v1.json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(document));
        return [.. json.RootElement.GetProperty("paths").EnumerateObject()
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p.Name, @"\{[^}]+\}", "x1"))];
    }
}
