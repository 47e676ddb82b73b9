using Eucaim.Core.Audit;
using Eucaim.Core.Jobs;
using Eucaim.Workers.Jobs.Kubernetes;
using Eucaim.Workers.Jobs.Local;
using Eucaim.Workers.Platform;
using Eucaim.Workers.Tenants;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Eucaim.Workers.Jobs;

/// <summary>Registers the job dispatcher and monitor with the backend chosen by <c>Eucaim:Compute:Backend</c>.</summary>
public static class JobsSetup
{
    public static IHostApplicationBuilder AddEucaimJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var kubernetes = (builder.Configuration.GetSection(ComputeOptions.Section).Get<ComputeOptions>()?.Backend ?? ComputeBackend.Local) == ComputeBackend.Kubernetes;
        services.AddOptions<JobsOptions>().Bind(builder.Configuration.GetSection(JobsOptions.Section))
            .ValidateDataAnnotations()
            .RejectRenamed(builder.Configuration, JobsOptions.Section,
                ("PollSeconds", nameof(JobsOptions.PollInterval)), ("GrantCheckSeconds", nameof(JobsOptions.GrantCheckInterval)))
            .Validate(o => !o.Validate().Any(), $"{JobsOptions.Section} is invalid: Local:MaxConcurrentJobs and Local:Images (Image and Command).")
            .Validate(o => !kubernetes || KubernetesJobManifests.IsPinned(o.Kubernetes.ToolsImage),
                $"{JobsOptions.Section}:Kubernetes:ToolsImage must be the Workers image pinned by digest (name@sha256:…) when the backend is Kubernetes.")
            .Validate(o => !kubernetes || !o.Kubernetes.Validate().Any(),
                $"{JobsOptions.Section}:Kubernetes is invalid: StagingEndpoint (an http(s) URL whose host is an IP or in HostAliases), HostAliases (an IP, never link-local, and host names), helper resources, GpuRuntimeClassName or GpuTypeLabel.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value);
        // One count of job pods for the queue and the tenants' ResourceQuotas; local processes have no helpers.
        services.AddSingleton(sp => kubernetes ? sp.GetRequiredService<JobsOptions>().Kubernetes.Budget() : PodBudget.JobOnly);
        if (kubernetes)
        {
            services.AddSingleton<KubernetesJobManifests>();
            services.AddSingleton<KubernetesJobBackend>();
            services.AddSingleton<IJobBackend>(sp => sp.GetRequiredService<KubernetesJobBackend>());
            services.AddHostedService(sp => sp.GetRequiredService<KubernetesJobBackend>().Watcher);
        }
        else
        {
            services.AddSingleton<IJobBackend, LocalJobBackend>();
        }

        services.AddSingleton<JobWakeup>();
        services.AddSingleton<JobLogPump>();
        services.AddSingleton<JobCollector>();
        services.AddSingleton<JobEvents>();
        services.AddScoped<IDatasetGrants, GrantedDatasets>();
        services.AddEucaimAuditCore();
        services.AddScoped<JobCycle>();
        builder.AddEucaimLeases();
        services.AddHostedService<JobDispatcher>();
        return builder;
    }
}
