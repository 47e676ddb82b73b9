using Eucaim.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Data;

public sealed class EucaimDbContext(DbContextOptions<EucaimDbContext> options) : DbContext(options)
{
    public DbSet<PlatformUser> Users => Set<PlatformUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EucaimDbContext).Assembly);
    }
}
