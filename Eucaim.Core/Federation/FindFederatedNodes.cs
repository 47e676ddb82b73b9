using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Federation;

public sealed class FindFederatedNodes(EucaimDbContext db)
{
    public Task<List<FederatedNode>> AllAsync(CancellationToken cancellationToken) =>
        db.FederatedNodes.AsNoTracking().OrderBy(n => n.Id).ToListAsync(cancellationToken);

    public async Task<Outcome<FederatedNode>> RunAsync(string id, CancellationToken cancellationToken) =>
        await db.FederatedNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken) is { } node
            ? node
            : Problem.NotFound("federated node", id);
}
