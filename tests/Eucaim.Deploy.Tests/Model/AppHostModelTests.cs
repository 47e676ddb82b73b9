namespace Eucaim.Deploy.Tests.Model;

/// <summary>
/// One model: what the AppHost wires (its application manifest, written by Aspire's manifest
/// publisher) and what deploy/base deploys (rendered by <c>kubectl kustomize</c>) name the same
/// services, images, arguments, connection strings and settings. Values differ on purpose (Local vs
/// Kubernetes, the dev provider vs LS Login); names and where connection strings come from may not.
/// The documented exceptions are <see cref="ModelComparison.Plumbing"/>,
/// <see cref="ModelComparison.LocalOnly"/>, <see cref="ModelComparison.ClusterOnly"/> and
/// <see cref="ModelComparison.Addresses"/>.
/// </summary>
public sealed class AppHostModelTests
{
    [Fact]
    public async Task The_AppHost_manifest_and_deploy_base_describe_the_same_services_connection_strings_and_settings()
    {
        var folder = Directory.CreateTempSubdirectory("eucaim-manifest-").FullName;
        try
        {
            var manifest = await AppHostManifest.PublishAsync(folder);
            var repositories = new Dictionary<string, string>();
            foreach (var project in ProjectsOf(await File.ReadAllTextAsync(manifest), folder))
            {
                repositories[project] = await AppHostManifest.ContainerRepositoryAsync(project);
            }

            var modelled = AppHostManifest.Services(await File.ReadAllTextAsync(manifest), folder, p => repositories[p]);
            var (deploy, problems) = DeployBase.Services(await DeployBase.RenderAsync());

            // Not vacuous: the four platform services and their connection strings are in the AppHost's model;
            // the portal holds none, and is told where the Api is.
            Assert.Equal(["api", "migrations", "web", "workers"], modelled.Select(s => s.Name).Order(StringComparer.Ordinal));
            var appHost = modelled.ToList();
            Assert.All(appHost.Where(s => s.Name != "web"), s => Assert.Contains("ConnectionStrings__blobs", s.Variables.Keys));
            var web = appHost.Single(s => s.Name == "web");
            Assert.DoesNotContain(web.Variables.Keys, ServiceShape.IsConnection);
            Assert.Contains("services__api__http__0", web.Variables.Keys);

            var differences = problems.Concat(ModelComparison.Compare(appHost, deploy)).ToList();
            Assert.True(differences.Count == 0,
                $"The AppHost and deploy/base disagree ({differences.Count}):\n- {string.Join("\n- ", differences)}");

            // The same comparison fails once a setting is taken from either side of the real models.
            var api = appHost.Single(s => s.Name == "api");
            Assert.Contains(ModelComparison.Compare([.. appHost.Where(s => s != api), Without(api, "Authentication__LsLogin__Audience")], deploy),
                d => d.Contains("'Authentication__LsLogin__Audience'", StringComparison.Ordinal));
            var deployedApi = deploy.Single(s => s.Name == "api");
            Assert.Contains(ModelComparison.Compare(appHost, [.. deploy.Where(s => s != deployedApi), Without(deployedApi, "ConnectionStrings__blobs")]),
                d => d.StartsWith("api: connection string 'blobs' is set by the AppHost but missing", StringComparison.Ordinal));
            var deployedWeb = deploy.Single(s => s.Name == "web");
            Assert.Contains(ModelComparison.Compare(appHost, [.. deploy.Where(s => s != deployedWeb), Without(deployedWeb, "Eucaim__Api")]),
                d => d.StartsWith("web: the AppHost tells it where 'api' is", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Identical_models_compare_equal_through_the_parsers()
    {
        Assert.Empty(Differences(Sample.Manifest, Sample.Tree));
    }

    [Fact]
    public void A_setting_removed_from_the_deploy_tree_is_reported()
    {
        var tree = Remove(Sample.Tree, "  Authentication__LsLogin__Audience: urn:eucaim:api\n");

        Assert.Equal(["api: setting 'Authentication__LsLogin__Audience' is set by the AppHost but missing from deploy/base."], Differences(Sample.Manifest, tree));
    }

    [Fact]
    public void A_setting_removed_from_the_AppHost_is_reported()
    {
        var manifest = Sample.WithVariable("api", "Authentication__LsLogin__Audience", null);

        Assert.Equal(
            ["api, workers: setting 'Authentication__LsLogin__Audience' (ConfigMap eucaim-settings key Authentication__LsLogin__Audience) is in deploy/base but the AppHost sets it on none of them."],
            Differences(manifest, Sample.Tree));
    }

    [Fact]
    public void A_connection_string_removed_from_either_side_is_reported()
    {
        var fromTree = Remove(Sample.Tree, Sample.WorkersBlobs);
        var fromAppHost = Sample.WithVariable("api", "ConnectionStrings__blobs", null);

        Assert.Equal(["workers: connection string 'blobs' is set by the AppHost but missing from deploy/base."], Differences(Sample.Manifest, fromTree));
        Assert.Equal(["api: connection string 'blobs' (Secret eucaim-blobs key ConnectionStrings__blobs) is in deploy/base but not set by the AppHost."],
            Differences(fromAppHost, Sample.Tree));
    }

    [Fact]
    public void A_missing_service_a_wrong_image_and_wrong_arguments_are_reported()
    {
        var withoutMigrations = Sample.Tree[..Sample.Tree.IndexOf("---\napiVersion: batch/v1", StringComparison.Ordinal)];
        var apiImage = Sample.Tree.Replace("image: registry.example.org/eucaim/api:1.2", "image: eucaim/workers", StringComparison.Ordinal);
        var noArgs = Sample.Tree.Replace("args: [migrate]", "args: []", StringComparison.Ordinal);

        Assert.Equal(["service 'migrations' is in the AppHost but has no workload in deploy/base."], Differences(Sample.Manifest, withoutMigrations));
        Assert.Equal(["api: deploy/base runs image 'eucaim/workers', the AppHost the project whose image is 'eucaim/api'."], Differences(Sample.Manifest, apiImage));
        Assert.Equal(["migrations: the AppHost passes arguments [migrate], deploy/base []."], Differences(Sample.Manifest, noArgs));
    }

    [Fact]
    public void Migrations_given_the_service_role_instead_of_the_owner_is_reported()
    {
        var tree = Sample.Tree.Replace("name: eucaim-database-owner", "name: eucaim-database", StringComparison.Ordinal);

        var difference = Assert.Single(Differences(Sample.Manifest, tree));
        Assert.StartsWith("deploy/base gives api eucaim, migrations eucaim, migrations eucaim-service, workers eucaim the same connection string", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_only_settings_are_not_required_of_the_deploy_tree_and_the_test_clock_may_not_be_deployed()
    {
        var manifest = Sample.WithVariable("api", "Eucaim__Access__AdjustableClock", "true");
        manifest = Sample.WithVariable("workers", "OTEL_SERVICE_NAME", "workers", manifest);
        var clockDeployed = Sample.Tree.Replace("  Eucaim__Compute__Backend: Kubernetes\n", "  Eucaim__Compute__Backend: Kubernetes\n  Eucaim__Access__AdjustableClock: \"true\"\n", StringComparison.Ordinal);

        Assert.Empty(Differences(manifest, Sample.Tree));
        Assert.Equal(
            ["api, workers: setting 'Eucaim__Access__AdjustableClock' (ConfigMap eucaim-settings key Eucaim__Access__AdjustableClock) is in deploy/base but the AppHost sets it on none of them."],
            Differences(Sample.Manifest, clockDeployed));
    }

    [Fact]
    public void An_envFrom_secret_missing_from_the_tree_is_reported_rather_than_taken_as_empty()
    {
        var tree = Sample.Tree.Replace("          envFrom:\n            - configMapRef:\n                name: eucaim-settings\n          env:\n            - name: ASPNETCORE_HTTP_PORTS\n              value: \"8080\"\n            - name: ConnectionStrings__eucaim\n",
            "          envFrom:\n            - configMapRef:\n                name: eucaim-settings\n            - secretRef:\n                name: eucaim-extra\n          env:\n            - name: ASPNETCORE_HTTP_PORTS\n              value: \"8080\"\n            - name: ConnectionStrings__eucaim\n", StringComparison.Ordinal);

        var (_, problems) = DeployBase.Services(tree);

        Assert.Contains(problems, p => p.StartsWith("api: envFrom Secret eucaim-extra is not in the rendered tree", StringComparison.Ordinal));
    }

    [Fact]
    public void The_portal_finds_the_Api_by_service_discovery_locally_and_by_Eucaim__Api_in_the_cluster()
    {
        var manifest = Sample.WithPortal();
        var tree = Sample.Tree + Sample.Portal;
        var noReference = Sample.WithPortal(withApiReference: false);
        var noSetting = Remove(tree, "  Eucaim__Api: http://api.eucaim.svc\n");

        Assert.Empty(Differences(manifest, tree));
        Assert.Equal(
            ["web: the AppHost tells it where 'api' is (API_HTTP, services__api__http__0), deploy/base does not: setting 'Eucaim__Api' is missing."],
            Differences(manifest, noSetting));
        Assert.Equal(
            ["web: setting 'Eucaim__Api' (ConfigMap eucaim-web-settings key Eucaim__Api) names where 'api' is in deploy/base, but the AppHost gives web no reference to 'api'."],
            Differences(noReference, tree));
    }

    private static List<string> Differences(string manifest, string tree)
    {
        var appHost = AppHostManifest.Services(manifest, "/repo/manifest", project => Path.GetFileNameWithoutExtension(project) switch
        {
            "Eucaim.Api" => "eucaim/api",
            "Eucaim.Workers" => "eucaim/workers",
            "Eucaim.Web" => "eucaim/web",
            var other => other,
        });
        var (deploy, problems) = DeployBase.Services(tree);
        return [.. problems, .. ModelComparison.Compare(appHost, deploy)];
    }

    private static string Remove(string text, string part, string replacement = "")
    {
        Assert.Contains(part, text, StringComparison.Ordinal);
        return text.Replace(part, replacement, StringComparison.Ordinal);
    }

    private static ServiceShape Without(ServiceShape service, string variable)
    {
        Assert.Contains(variable, service.Variables.Keys);
        return service with { Variables = service.Variables.Where(v => v.Key != variable).ToDictionary() };
    }

    private static IEnumerable<string> ProjectsOf(string manifest, string folder)
    {
        using var document = System.Text.Json.JsonDocument.Parse(manifest);
        return document.RootElement.GetProperty("resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("type").GetString() == "project.v0")
            .Select(r => Path.GetFullPath(Path.Combine(folder, r.Value.GetProperty("path").GetString()!)))
            .Distinct()
            .ToList();
    }

    /// <summary>A small manifest and tree shaped like the real ones (same names), for the comparison's own tests.</summary>
    private static class Sample
    {
        public const string Manifest = """
            { "resources": {
              "postgres": { "type": "executable.v0", "command": "bash", "env": { "PGPORT": "5433" } },
              "eucaim": { "type": "value.v0", "connectionString": "Host=…;Username=postgres" },
              "eucaim-service": { "type": "value.v0", "connectionString": "Host=…;Username=eucaim_service" },
              "migrations": { "type": "project.v0", "path": "../Eucaim.Workers/Eucaim.Workers.csproj", "args": [ "migrate" ],
                "env": { "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY": "in_memory",
                  "ConnectionStrings__eucaim": "{eucaim.connectionString}",
                  "ConnectionStrings__eucaim-service": "{eucaim-service.connectionString}",
                  "ConnectionStrings__eucaim_service": "{eucaim-service.connectionString}",
                  "ConnectionStrings__blobs": "{blobs.connectionString}" } },
              "api": { "type": "project.v0", "path": "../Eucaim.Api/Eucaim.Api.csproj",
                "env": { "ASPNETCORE_FORWARDEDHEADERS_ENABLED": "true",
                  "HTTP_PORTS": "{api.bindings.http.targetPort}",
                  "ConnectionStrings__eucaim": "{eucaim-service.connectionString}",
                  "Authentication__LsLogin__Authority": "{lslogin.bindings.http.url}",
                  "Authentication__LsLogin__Audience": "urn:eucaim:api",
                  "ConnectionStrings__blobs": "{blobs.connectionString}" },
                "bindings": { "http": { "scheme": "http", "port": 5080 } } },
              "workers": { "type": "project.v0", "path": "../Eucaim.Workers/Eucaim.Workers.csproj",
                "env": { "ASPNETCORE_FORWARDEDHEADERS_ENABLED": "true",
                  "Eucaim__Compute__Backend": "Local",
                  "Eucaim__Compute__Local__SandboxRoot": "/repo/.local/sandboxes",
                  "ConnectionStrings__eucaim": "{eucaim-service.connectionString}",
                  "ConnectionStrings__blobs": "{blobs.connectionString}" } }
            } }
            """;

        /// <summary>The Workers' blob connection string, one line so that a test can take it out.</summary>
        public const string WorkersBlobs =
            "            - { name: ConnectionStrings__blobs, valueFrom: { secretKeyRef: { name: eucaim-blobs, key: ConnectionStrings__blobs } } }\n";

        /// <summary>The manifest with the portal as the AppHost wires it today: a reference to the Api, no sign-in yet.</summary>
        public static string WithPortal(bool withApiReference = true)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(Manifest)!;
            var env = new System.Text.Json.Nodes.JsonObject
            {
                ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
                ["HTTP_PORTS"] = "{web.bindings.http.targetPort}",
                ["Authentication__LsLogin__Authority"] = "{lslogin.bindings.http.url}",
                ["Authentication__LsLogin__Audience"] = "urn:eucaim:api",
                ["Authentication__LsLogin__ClientId"] = "eucaim-portal",
                ["Authentication__LsLogin__ClientSecret"] = "{lslogin-portal-secret.value}",
            };
            if (withApiReference)
            {
                env["API_HTTP"] = "{api.bindings.http.url}";
                env["services__api__http__0"] = "{api.bindings.http.url}";
            }

            root["resources"]!["web"] = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "project.v0",
                ["path"] = "../Eucaim.Web/Eucaim.Web.csproj",
                ["env"] = env,
            };
            return root.ToJsonString();
        }

        /// <summary>The portal as deploy/base runs it: its own settings, the Api's issuer and audience, its client secret.</summary>
        public const string Portal = """
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: eucaim-web-settings
            data:
              Eucaim__Api: http://api.eucaim.svc
              ASPNETCORE_FORWARDEDHEADERS_ENABLED: "true"
              Authentication__LsLogin__ClientId: eucaim-portal
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector: { matchLabels: { app: web } }
              template:
                metadata: { labels: { app: web } }
                spec:
                  containers:
                    - name: web
                      image: eucaim/web
                      envFrom:
                        - configMapRef:
                            name: eucaim-web-settings
                      env:
                        - { name: ASPNETCORE_HTTP_PORTS, value: "8080" }
                        - { name: Authentication__LsLogin__Authority, valueFrom: { configMapKeyRef: { name: eucaim-settings, key: Authentication__LsLogin__Authority } } }
                        - { name: Authentication__LsLogin__Audience, valueFrom: { configMapKeyRef: { name: eucaim-settings, key: Authentication__LsLogin__Audience } } }
                        - { name: Authentication__LsLogin__ClientSecret, valueFrom: { secretKeyRef: { name: eucaim-lslogin-portal, key: Authentication__LsLogin__ClientSecret } } }

            """;

        /// <summary>The manifest with one variable of one resource set to a value, or removed (null).</summary>
        public static string WithVariable(string resource, string variable, string? value, string manifest = Manifest)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(manifest)!;
            var env = root["resources"]![resource]!["env"]!.AsObject();
            Assert.True(value is not null || env.ContainsKey(variable), $"{resource} has no {variable}.");
            env.Remove(variable);
            if (value is not null)
            {
                env[variable] = value;
            }

            return root.ToJsonString();
        }

        public const string Tree = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: eucaim-settings
            data:
              ASPNETCORE_FORWARDEDHEADERS_ENABLED: "true"
              Eucaim__Compute__Backend: Kubernetes
              Eucaim__Compute__Kubernetes__StorageCidrs__0: 192.0.2.20/32
              Eucaim__Access__PublicUrl: https://eucaim.example.org
              Authentication__LsLogin__Authority: https://login.aai.lifescience-ri.eu/oidc/
              Authentication__LsLogin__Audience: urn:eucaim:api
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              selector: { matchLabels: { app: api } }
              template:
                metadata: { labels: { app: api } }
                spec:
                  containers:
                    - name: api
                      image: registry.example.org/eucaim/api:1.2
                      envFrom:
                        - configMapRef:
                            name: eucaim-settings
                      env:
                        - name: ASPNETCORE_HTTP_PORTS
                          value: "8080"
                        - name: ConnectionStrings__eucaim
                          valueFrom:
                            secretKeyRef:
                              name: eucaim-database
                              key: ConnectionStrings__eucaim
                        - name: ConnectionStrings__blobs
                          valueFrom:
                            secretKeyRef:
                              name: eucaim-blobs
                              key: ConnectionStrings__blobs
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: workers
            spec:
              selector: { matchLabels: { app: workers } }
              template:
                metadata: { labels: { app: workers } }
                spec:
                  containers:
                    - name: workers
                      image: eucaim/workers@sha256:0000000000000000000000000000000000000000000000000000000000000000
                      envFrom:
                        - configMapRef:
                            name: eucaim-settings
                      env:
                        - { name: ConnectionStrings__eucaim, valueFrom: { secretKeyRef: { name: eucaim-database, key: ConnectionStrings__eucaim } } }
                        - { name: ConnectionStrings__blobs, valueFrom: { secretKeyRef: { name: eucaim-blobs, key: ConnectionStrings__blobs } } }
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrations
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                    - name: migrations
                      image: eucaim/workers
                      args: [migrate]
                      env:
                        - name: ConnectionStrings__eucaim
                          valueFrom:
                            secretKeyRef:
                              name: eucaim-database-owner
                              key: ConnectionStrings__eucaim
                        - name: ConnectionStrings__eucaim-service
                          valueFrom:
                            secretKeyRef:
                              name: eucaim-database
                              key: ConnectionStrings__eucaim
                        - name: ConnectionStrings__blobs
                          valueFrom:
                            secretKeyRef:
                              name: eucaim-blobs
                              key: ConnectionStrings__blobs

            """;
    }
}
