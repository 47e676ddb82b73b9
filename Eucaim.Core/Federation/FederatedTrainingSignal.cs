using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

/// <summary>Wakes the hub's training coordinator when a node's part of a round changed (it also looks every few seconds).</summary>
public static class FederatedTrainingSignal
{
    public static Task NotifyAsync(EucaimDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({NotificationChannels.FederationTraining}, '')", cancellationToken);
}
