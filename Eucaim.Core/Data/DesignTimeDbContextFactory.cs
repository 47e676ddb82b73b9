using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Eucaim.Core.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without a running database or host.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<EucaimDbContext>
{
    public EucaimDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<EucaimDbContext>();
        EucaimDatabase.Configure(options.UseNpgsql("Host=localhost;Database=eucaim"));
        return new EucaimDbContext(options.Options);
    }
}
