using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>An admin removes an image from the allow-list; queued jobs keep the digest they were given.</summary>
public sealed class RemoveJobImage(EucaimDbContext db)
{
    public async Task<Outcome<Done>> RunAsync(string reference, CancellationToken cancellationToken)
    {
        var removed = await db.JobImages.Where(i => i.Reference == reference).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? new Problem(ProblemKind.NotFound, "Not found.", $"No allow-listed image '{reference}'.") : Done.Value;
    }
}
