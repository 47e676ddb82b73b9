using Eucaim.Workers.Platform;
using Eucaim.Workers.Tenants.Kubernetes;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Tenants;

/// <summary>Registers the tenant provisioner with the backend chosen by <c>Eucaim:Compute:Backend</c>.</summary>
public static class TenantsSetup
{
    public static IHostApplicationBuilder AddEucaimTenants(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ComputeOptions>().Bind(builder.Configuration.GetSection(ComputeOptions.Section))
            .ValidateDataAnnotations()
            .RejectRenamed(builder.Configuration, ComputeOptions.Section, ("PollSeconds", nameof(ComputeOptions.PollInterval)))
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ComputeOptions>>().Value);
        services.AddOptions<KubernetesBackendOptions>().Bind(builder.Configuration.GetSection(KubernetesBackendOptions.Section))
            .Validate(o => ComputeBackendIs(builder, ComputeBackend.Local) || !o.Validate().Any(),
                $"{KubernetesBackendOptions.Section} is invalid: StorageCidrs (never including 169.254.169.254), StoragePort, StagingPort and StagingPodLabel.")
            .ValidateOnStart();

        if (ComputeBackendIs(builder, ComputeBackend.Kubernetes))
        {
            services.AddSingleton(sp => sp.GetRequiredService<IOptions<KubernetesBackendOptions>>().Value);
            services.AddSingleton<IKubernetes>(sp =>
            {
                var kubeconfig = sp.GetRequiredService<KubernetesBackendOptions>().Kubeconfig;
                return new k8s.Kubernetes(string.IsNullOrWhiteSpace(kubeconfig)
                    ? KubernetesClientConfiguration.InClusterConfig()
                    : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            });
            services.AddSingleton<TenantManifests>();
            services.AddSingleton<ITenantBackend, KubernetesTenantBackend>();
        }
        else
        {
            services.AddSingleton<ITenantBackend>(sp => new LocalSandboxBackend(sp.GetRequiredService<ComputeOptions>().Local.ResolvedSandboxRoot));
        }

        services.AddSingleton<TenantReconciler>();
        builder.AddEucaimLeases();
        services.AddHostedService<TenantProvisioner>();
        return builder;
    }

    private static bool ComputeBackendIs(IHostApplicationBuilder builder, ComputeBackend backend) =>
        (builder.Configuration.GetSection(ComputeOptions.Section).Get<ComputeOptions>()?.Backend ?? ComputeBackend.Local) == backend;
}
