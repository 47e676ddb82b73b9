using Eucaim.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Eucaim.Core.Access;

public static class AccessSetup
{
    /// <summary>
    /// Access options (validated on start), the access clock, notifications, the audit trail and the
    /// access use cases, for Api and Workers. The access clock reads the one <see cref="TimeProvider"/>
    /// (registered by <c>AddEucaimDatabase</c>) plus the test offset.
    /// </summary>
    public static IHostApplicationBuilder AddEucaimAccessCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>()
            .Bind(builder.Configuration.GetSection(AccessOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.AdjustableClock || builder.Environment.IsDevelopment(),
                $"{AccessOptions.Section}:AdjustableClock is allowed only in the Development environment.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new AccessClock(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<AccessOptions>>().Value.AdjustableClock));
        builder.AddEucaimAuditCore();
        builder.Services.TryAddScoped<Notifier>();
        builder.Services.TryAddScoped<SubmitAccessRequest>();
        builder.Services.TryAddScoped<ReviseAccessRequest>();
        builder.Services.TryAddScoped<WithdrawAccessRequest>();
        builder.Services.TryAddScoped<RequestAccessChanges>();
        builder.Services.TryAddScoped<CommentOnAccessRequest>();
        builder.Services.TryAddScoped<DecideAccessRequest>();
        builder.Services.TryAddScoped<RevokeGrant>();
        builder.Services.TryAddScoped<SetAccessPolicy>();
        return builder;
    }
}
