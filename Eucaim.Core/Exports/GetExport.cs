using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Exports;

/// <summary>One export request the caller may see (<see cref="ExportAccess"/>).</summary>
public sealed class GetExport(EucaimDbContext db)
{
    public async Task<Outcome<ExportRequest>> RunAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var (export, _) = await ExportAccess.FindAsync(db, actor.Identity, id, tracking: false, cancellationToken);
        return export is null ? ExportRules.NotFound(id) : export;
    }
}
