// Each platform run starts PostgreSQL, Azurite, the OIDC provider and three .NET services:
// on a 2-core machine two at once only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
