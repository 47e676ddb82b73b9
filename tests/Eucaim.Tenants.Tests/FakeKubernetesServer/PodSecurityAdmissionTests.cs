using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>Pod Security admission for namespaces labelled <c>pod-security.kubernetes.io/enforce: restricted</c>.</summary>
public sealed class PodSecurityAdmissionTests : FakeServerTest
{
    private static readonly Dictionary<string, string> Restricted = new()
    {
        ["pod-security.kubernetes.io/enforce"] = "restricted",
        ["pod-security.kubernetes.io/warn"] = "restricted",
    };

    [Fact]
    public async Task A_restricted_namespace_refuses_a_privileged_pod_and_admits_a_compliant_one()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("r", Restricted));

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedPodAsync(Pod("loose", compliant: false), "r"));
        // The platform's own rules (read-only root filesystem, no token) are not the cluster's: this pod meets "restricted".
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("tight", compliant: true), "r");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Contains("pods \\\"loose\\\" is forbidden: violates PodSecurity \\\"restricted:latest\\\": ", refused.Response.Content);
        Assert.Contains("allowPrivilegeEscalation must be false", refused.Response.Content);
        Assert.Equal(["tight"], (await Client.CoreV1.ListNamespacedPodAsync("r")).Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task A_job_whose_template_would_violate_is_admitted_with_a_warning_and_an_unlabelled_namespace_admits_anything()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("r", Restricted));
        await Client.CoreV1.CreateNamespaceAsync(Namespace("open"));
        var job = """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"x"}]}}}}""";

        var (status, _, response) = await SendAsync(HttpMethod.Post, "/apis/batch/v1/namespaces/r/jobs", job);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("loose", compliant: false), "open");

        Assert.Equal(201, status);
        Assert.StartsWith("299 - \"would violate PodSecurity \\\"restricted:latest\\\": ", response.Headers.GetValues("Warning").Single());
    }

    private static V1Pod Pod(string name, bool compliant) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            SecurityContext = compliant ? new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } } : null,
            Containers =
            [
                new V1Container
                {
                    Name = "c",
                    Image = "x",
                    SecurityContext = compliant
                        ? new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } }
                        : new V1SecurityContext { Privileged = true },
                },
            ],
        },
    };
}
