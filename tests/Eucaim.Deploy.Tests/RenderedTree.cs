using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Eucaim.Deploy.Tests;

/// <summary>One object of a rendered stream: its identity and its own YAML document.</summary>
internal sealed record RenderedObject(string ApiVersion, string Kind, string Name, string? Namespace, string Yaml)
{
    public string Id => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    public T As<T>() => KubernetesYaml.Deserialize<T>(Yaml);
}

/// <summary>What <c>kubectl kustomize</c> printed, split into objects and typed on demand.</summary>
internal sealed class RenderedTree(string yaml, IReadOnlyList<RenderedObject> objects)
{
    public string Yaml { get; } = yaml;

    public IReadOnlyList<RenderedObject> Objects { get; } = objects;

    public static RenderedTree Parse(string yaml)
    {
        var objects = new List<RenderedObject>();
        foreach (var document in yaml.Split("\n---\n").Select(d => d.Trim('\n')).Where(d => d.Length > 0))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(document));
            var root = (YamlMappingNode)stream.Documents.Single().RootNode;
            var metadata = (YamlMappingNode)root["metadata"];
            objects.Add(new RenderedObject(
                Scalar(root, "apiVersion")!, Scalar(root, "kind")!, Scalar(metadata, "name")!, Scalar(metadata, "namespace"), document + "\n"));
        }

        return new RenderedTree(yaml, objects);
    }

    public IEnumerable<T> All<T>(string kind) => Objects.Where(o => o.Kind == kind).Select(o => o.As<T>());

    public T Single<T>(string kind, string name) => Objects.Single(o => o.Kind == kind && o.Name == name).As<T>();

    public RenderedObject? Find(string kind, string name) => Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name);

    /// <summary>Every pod template with the object it belongs to: Deployments, StatefulSets, Jobs.</summary>
    public IEnumerable<(string Owner, V1PodTemplateSpec Template)> PodTemplates()
    {
        foreach (var o in Objects)
        {
            V1PodTemplateSpec? template = o.Kind switch
            {
                "Deployment" => o.As<V1Deployment>().Spec.Template,
                "StatefulSet" => o.As<V1StatefulSet>().Spec.Template,
                "Job" => o.As<V1Job>().Spec.Template,
                "DaemonSet" => o.As<V1DaemonSet>().Spec.Template,
                "CronJob" => o.As<V1CronJob>().Spec.JobTemplate.Spec.Template,
                "Pod" => new V1PodTemplateSpec { Metadata = o.As<V1Pod>().Metadata, Spec = o.As<V1Pod>().Spec },
                _ => null,
            };
            if (template is not null)
            {
                yield return (o.Id, template);
            }
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
