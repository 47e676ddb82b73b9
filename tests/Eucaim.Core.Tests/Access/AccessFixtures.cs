using Eucaim.Core.Access;
using Eucaim.Core.Identity;

namespace Eucaim.Core.Tests.Access;

/// <summary>People and requests for the access rules, in memory.</summary>
internal static class AccessFixtures
{
    public const string Hm = "HM Hospitales";

    public static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public static readonly PlatformIdentity Rita = Person("rita", tenants: ["tenant-a"]);

    public static readonly PlatformIdentity Kai = Person("kai", roles: [PlatformRoles.AccessCommittee]);

    public static readonly PlatformIdentity Hugo = Person("hugo", roles: [PlatformRoles.DataHolder], organizations: [Hm]);

    public static readonly PlatformIdentity Clara = Person("clara", roles: [PlatformRoles.DataHolder], organizations: ["CETIR"]);

    public static readonly PlatformIdentity Alba = Person("alba", roles: [PlatformRoles.Admin]);

    public static PlatformIdentity Person(string subject, string[]? roles = null, string[]? organizations = null, string[]? tenants = null) =>
        new(subject, subject, null, new HashSet<string>(roles ?? []), new HashSet<string>(organizations ?? []), new HashSet<string>(tenants ?? []));

    /// <summary>rita's request for tenant-a, for <paramref name="requestedDays"/> days, one pending item per dataset.</summary>
    public static AccessRequest Request(int requestedDays = 30, params (Guid Id, bool RequiresDataHolder)[] datasets)
    {
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            TenantId = Guid.NewGuid(),
            TenantSlug = "tenant-a",
            RequesterSubject = Rita.Subject!,
            Title = "Nodule detection",
            Purpose = "Train a detector.",
            RequestedDays = requestedDays,
            Status = AccessRequestStatus.Submitted,
            Revision = 1,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        foreach (var (id, requiresDataHolder) in datasets)
        {
            request.Datasets.Add(new AccessRequestDataset
            {
                AccessRequestId = request.Id,
                DatasetId = id,
                DatasetName = $"Cohort {id:N}",
                OrganizationKey = Hm,
                RequiresDataHolderApproval = requiresDataHolder,
                Status = AccessItemStatus.Pending,
            });
        }

        return request;
    }

    public static AccessDecisionChoice Approve(Guid dataset, ReviewParty? @as = null, DateTimeOffset? validUntil = null, string? conditions = null) =>
        new(dataset, true, @as, null, validUntil, conditions);

    public static AccessDecisionChoice Reject(Guid dataset, ReviewParty? @as = null) => new(dataset, false, @as, null, null, null);
}
