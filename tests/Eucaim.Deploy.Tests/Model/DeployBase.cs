using System.Text.RegularExpressions;
using Eucaim.Deploy.Tests.Images;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Eucaim.Deploy.Tests.Model;

/// <summary>
/// The platform services of a rendered Kustomize tree: its workloads (Deployments, StatefulSets,
/// DaemonSets, Jobs, CronJobs), each with its main container's image, arguments and the environment
/// variable names it receives, from <c>env</c> and from the ConfigMaps and Secrets of <c>envFrom</c>.
/// </summary>
internal static partial class DeployBase
{
    /// <summary><c>kubectl kustomize deploy/base</c>: the tree as it would be applied, offline.</summary>
    public static async Task<string> RenderAsync()
    {
        var tree = Tool.RepositoryPath("deploy", "base");
        Assert.True(Directory.Exists(tree), $"{tree} does not exist.");
        var run = await Tool.RunAsync("kubectl", ["kustomize", tree], TimeSpan.FromMinutes(1));
        Assert.True(run.Succeeded, $"{run}\n(kubectl is the apt package kubectl; ./dev test installs it.)");
        return run.Output;
    }

    /// <summary>The services of a rendered YAML stream, and what could not be read (an envFrom source missing from the tree).</summary>
    public static (IReadOnlyList<ServiceShape> Services, IReadOnlyList<string> Problems) Services(string yaml)
    {
        var documents = DocumentSeparator().Split(yaml).Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var workloads = new List<(string Name, V1PodTemplateSpec Template)>();
        foreach (var document in documents)
        {
            switch (KindOf(document))
            {
                case "ConfigMap":
                    var map = KubernetesYaml.Deserialize<V1ConfigMap>(document);
                    keys[$"ConfigMap {map.Metadata.Name}"] = [.. (map.Data?.Keys ?? []), .. (map.BinaryData?.Keys ?? [])];
                    break;
                case "Secret":
                    var secret = KubernetesYaml.Deserialize<V1Secret>(document);
                    keys[$"Secret {secret.Metadata.Name}"] = [.. (secret.Data?.Keys ?? []), .. (secret.StringData?.Keys ?? [])];
                    break;
                case "Deployment":
                    var deployment = KubernetesYaml.Deserialize<V1Deployment>(document);
                    workloads.Add((deployment.Metadata.Name, deployment.Spec.Template));
                    break;
                case "StatefulSet":
                    var set = KubernetesYaml.Deserialize<V1StatefulSet>(document);
                    workloads.Add((set.Metadata.Name, set.Spec.Template));
                    break;
                case "DaemonSet":
                    var daemons = KubernetesYaml.Deserialize<V1DaemonSet>(document);
                    workloads.Add((daemons.Metadata.Name, daemons.Spec.Template));
                    break;
                case "Job":
                    var job = KubernetesYaml.Deserialize<V1Job>(document);
                    workloads.Add((job.Metadata.Name, job.Spec.Template));
                    break;
                case "CronJob":
                    var cron = KubernetesYaml.Deserialize<V1CronJob>(document);
                    workloads.Add((cron.Metadata.Name, cron.Spec.JobTemplate.Spec.Template));
                    break;
            }
        }

        var problems = new List<string>();
        var containers = workloads.Select(w => (w.Name, Container: MainContainer(w.Name, w.Template, problems))).ToList();

        // Which services receive each envFrom source wholesale: a key of a ConfigMap that api and
        // workers both mount is given to both, although the AppHost may set it on one of them only.
        var mountedBy = containers
            .SelectMany(c => (c.Container?.EnvFrom ?? []).Select(from => (Source: SourceOf(from), c.Name)))
            .GroupBy(m => m.Source, m => m.Name)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.ToHashSet(StringComparer.Ordinal));

        var services = new List<ServiceShape>();
        foreach (var (name, container) in containers)
        {
            if (container is null)
            {
                continue;
            }

            var variables = new Dictionary<string, Origin>(StringComparer.Ordinal);
            foreach (var from in container.EnvFrom ?? [])
            {
                var source = SourceOf(from);
                if (!keys.TryGetValue(source, out var sourceKeys))
                {
                    problems.Add($"{name}: envFrom {source} is not in the rendered tree, so the names it gives cannot be compared; reference its keys one by one (env[].valueFrom) or add it to the tree.");
                    continue;
                }

                foreach (var key in sourceKeys)
                {
                    variables[(from.Prefix ?? "") + key] = new Origin($"{source} key {key}", mountedBy[source]);
                }
            }

            // env entries win over envFrom, as in Kubernetes.
            foreach (var variable in container.Env ?? [])
            {
                variables[variable.Name] = new Origin(SourceOf(variable), new HashSet<string> { name });
            }

            services.Add(new ServiceShape(name, container.Image ?? "", [.. container.Args ?? []], variables));
        }

        return (services, problems);
    }

    /// <summary>The container named like its workload, or the only one; sidecars and init containers are not the service.</summary>
    private static V1Container? MainContainer(string workload, V1PodTemplateSpec template, List<string> problems)
    {
        var containers = template.Spec.Containers ?? [];
        var main = containers.FirstOrDefault(c => c.Name == workload) ?? (containers.Count == 1 ? containers[0] : null);
        if (main is null)
        {
            problems.Add($"{workload}: no container is named '{workload}' among {string.Join(", ", containers.Select(c => c.Name))}, so its settings cannot be compared.");
        }

        return main;
    }

    private static string SourceOf(V1EnvFromSource from) =>
        from.ConfigMapRef is { } map ? $"ConfigMap {map.Name}" : $"Secret {from.SecretRef?.Name}";

    private static string SourceOf(V1EnvVar variable) => variable.ValueFrom switch
    {
        { SecretKeyRef: { } secret } => $"Secret {secret.Name} key {secret.Key}",
        { ConfigMapKeyRef: { } map } => $"ConfigMap {map.Name} key {map.Key}",
        { FieldRef: { } field } => $"field {field.FieldPath}",
        { ResourceFieldRef: { } resource } => $"resource {resource.Resource}",
        _ => $"value '{variable.Value}'",
    };

    private static string? KindOf(string document)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        return stream.Documents.Count > 0
            && stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind)
            ? ((YamlScalarNode)kind).Value
            : null;
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
