namespace Eucaim.AppHost.Infrastructure;

/// <summary>
/// The local stand-in for Life Science Login: a real OpenID provider (npm <c>oidc-provider</c>)
/// with seeded users whose tokens look like LS Login's (see tools/dev-oidc).
/// </summary>
internal static class DevLsLoginResources
{
    private const string Name = "lslogin";

    /// <summary>The audience of access tokens meant for the Eucaim API.</summary>
    public const string ApiAudience = "urn:eucaim:api";

    public static IResourceBuilder<ExecutableResource> AddDevLsLogin(this IDistributedApplicationBuilder builder, LocalPlatform platform)
    {
        var folder = platform.NodeTool("dev-oidc", Path.Combine("node_modules", "oidc-provider", "package.json"));
        var provider = builder.AddExecutable(Name, "node", folder, "server.mjs")
            .WithHttpEndpoint(port: platform.Ports.LsLogin, env: "PORT")
            .WithEnvironment("OIDC_STATE_DIR", platform.StatePath("dev-oidc"))
            .WithEnvironment("API_AUDIENCE", ApiAudience)
            .WithHttpHealthCheck("/.well-known/openid-configuration");

        // The issuer is the address clients reach, which is the proxy in front of the process.
        return provider.WithEnvironment("ISSUER", provider.GetEndpoint("http"));
    }

    /// <summary>The dev provider's client that may introspect any token (tools/dev-oidc/clients.json).</summary>
    private const string IntrospectionClient = "eucaim-api";

    /// <summary>The dev provider's public client for the command-line tool (device flow, code + PKCE), advertised by /api/client-config.</summary>
    private const string NativeClient = "eucaim-cli";

    /// <summary>The dev provider's confidential client for the portal (tools/dev-oidc/clients.json).</summary>
    private const string PortalClient = "eucaim-portal";

    /// <summary>
    /// Signs the portal's users in at the dev provider with the portal's own client, and registers the
    /// portal's address there as a redirect target (its port is random under the tests).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPortalSignIn(this IResourceBuilder<ProjectResource> portal, IResourceBuilder<ExecutableResource> provider)
    {
        var secret = portal.ApplicationBuilder.AddParameter("lslogin-portal-secret", "dev-portal-secret", secret: true);
        provider.WithEnvironment("PORTAL_ORIGINS", portal.GetEndpoint("http"));
        return portal
            .WithEnvironment("Authentication__LsLogin__Authority", provider.GetEndpoint("http"))
            .WithEnvironment("Authentication__LsLogin__Audience", ApiAudience)
            .WithEnvironment("Authentication__LsLogin__ClientId", PortalClient)
            .WithEnvironment("Authentication__LsLogin__ClientSecret", secret)
            .WaitFor(provider);
    }

    /// <summary>Points a service's token validation at the dev provider, introspection of opaque tokens included.</summary>
    private const string IntrospectionSecret = "lslogin-introspection-secret";

    public static IResourceBuilder<ProjectResource> WithLsLogin(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ExecutableResource> provider)
    {
        // A fixed, public, development-only secret (tools/dev-oidc/clients.json); a parameter all the same,
        // so the dashboard masks it and a real deployment supplies its own.
        // One parameter for every Api the AppHost starts (the hub's and each federated node's).
        var introspectionSecret = project.ApplicationBuilder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == IntrospectionSecret) is { } existing
            ? project.ApplicationBuilder.CreateResourceBuilder(existing)
            : project.ApplicationBuilder.AddParameter(IntrospectionSecret, "dev-api-secret", secret: true);
        return project
            .WithEnvironment("Authentication__LsLogin__Authority", provider.GetEndpoint("http"))
            .WithEnvironment("Authentication__LsLogin__Audience", ApiAudience)
            // The dev provider types its JWT access tokens (typ at+jwt, RFC 9068); its ID tokens are untyped.
            .WithEnvironment("Authentication__LsLogin__RequireAtJwt", "true")
            .WithEnvironment("Authentication__LsLogin__Introspection__Enabled", "true")
            .WithEnvironment("Authentication__LsLogin__Introspection__ClientId", IntrospectionClient)
            .WithEnvironment("Authentication__LsLogin__Introspection__ClientSecret", introspectionSecret)
            .WithEnvironment("Authentication__LsLogin__NativeClient__ClientId", NativeClient)
            .WaitFor(provider);
    }
}
