using Eucaim.Core.Audit;
using Eucaim.Workers.Platform;

namespace Eucaim.Workers.Audit;

public static class AuditSetup
{
    /// <summary>The audit loops: refusals folded into the chain per window, and signed checkpoints of the chain's head in blob storage.</summary>
    public static IHostApplicationBuilder AddEucaimAudit(this IHostApplicationBuilder builder)
    {
        builder.AddEucaimAuditCore();
        builder.AddEucaimLeases();
        builder.Services.AddHostedService<AuditDenialFolder>();
        builder.Services.AddHostedService<AuditCheckpointWriter>();
        return builder;
    }
}
