using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Eucaim.Tenants.Tests.FakeKubernetesServer;

/// <summary>What the API server validates on a write besides sizes: generated names, the name on the URL, an immutable roleRef.</summary>
public sealed class ValidationTests : FakeServerTest
{
    [Fact]
    public async Task Generate_name_makes_a_name_and_a_replace_must_name_the_object_of_its_url()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        var generated = await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { GenerateName = "sa-" } }, "a");
        generated.Metadata.Name = "other";

        var mismatch = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedServiceAccountAsync(generated, "sa-x", "a"));

        Assert.Matches("^sa-[0-9a-f]{5}$", (await Client.CoreV1.ListNamespacedServiceAccountAsync("a")).Items.Single().Metadata.Name);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Response.StatusCode);
    }

    [Fact]
    public async Task A_role_binding_keeps_its_role_ref()
    {
        await Client.CoreV1.CreateNamespaceAsync(Namespace("a"));
        var binding = await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "b" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
        }, "a");
        binding.RoleRef.Name = "admin";

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => Client.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(binding, "b", "a"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains("cannot change roleRef", refused.Response.Content);
    }
}
