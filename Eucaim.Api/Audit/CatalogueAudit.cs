using Eucaim.Core.Audit;
using Eucaim.Core.Catalogue;
using Eucaim.Core.Identity;

namespace Eucaim.Api.Audit;

/// <summary>Audit entries of the catalogue's lifecycle (created, published, invalidated).</summary>
internal static class CatalogueAudit
{
    public static AuditEntry Entry(string action, HttpContext http, Dataset dataset, params (string Key, string? Value)[] details) =>
        new(action, PlatformIdentity.From(http.User).Subject ?? "anonymous")
        {
            DatasetId = dataset.Id,
            TargetType = "dataset",
            TargetId = dataset.Id.ToString(),
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            Details = details.Append(("organization", dataset.OrganizationKey)).ToDictionary(d => d.Item1, d => d.Item2),
        };
}
