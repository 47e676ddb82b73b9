using Eucaim.Core.Catalogue;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Tests.Catalogue;

/// <summary>Plain datasets and callers for the lifecycle rules.</summary>
internal static class Datasets
{
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static Dataset Draft(string organization = "CETIR") => new()
    {
        Id = Guid.CreateVersion7(Now),
        OrganizationKey = organization,
        State = DatasetState.Draft,
        CreatedBy = "hugo",
        UpdatedBy = "hugo",
        RowVersion = 7,
    };

    public static Dataset Published(int version = 1)
    {
        var dataset = Draft();
        dataset.State = DatasetState.Published;
        dataset.LatestVersion = version;
        return dataset;
    }

    public static DatasetVersion Version(Dataset dataset, int number, DatasetVersionStatus status) =>
        DatasetVersion.Begin(dataset.Id, number, status, "hugo", Now);

    public static PlatformIdentity Holder(string organization = "CETIR") =>
        PlatformIdentity.Anonymous with { Subject = "hugo", DataHolderOrganizations = new HashSet<string> { organization } };

    public static PlatformIdentity Researcher() => PlatformIdentity.Anonymous with { Subject = "rita" };
}
