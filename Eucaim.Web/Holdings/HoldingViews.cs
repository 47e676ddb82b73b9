using System.Text.Json.Nodes;

namespace Eucaim.Web.Holdings;

/// <summary>A dataset of the person's organizations, as <c>GET /api/datasets/mine</c> lists it.</summary>
public sealed record HeldDatasetView(
    Guid Id, OrganizationView Organization, string Name, string State, int? Version, int? DraftVersion,
    DateTimeOffset UpdatedAt, ChangerView UpdatedBy);

public sealed record OrganizationView(string Key, string Name);

/// <summary>Who changed a dataset last: their name once they signed in to the platform, else their subject.</summary>
public sealed record ChangerView(string Subject, string? Name)
{
    public string Display => Name ?? Subject;
}

/// <summary><c>GET /api/datasets/{id}</c> for its owner. The metadata stays JSON: a form changes some fields and keeps the others.</summary>
public sealed record OwnedDatasetView(
    Guid Id, OrganizationView Organization, string State, int? Version, int? DraftVersion,
    DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, InvalidationView? Invalidation, JsonObject Metadata);

public sealed record InvalidationView(string Reason, DateTimeOffset At);

/// <summary><c>GET /api/datasets/{id}/draft</c>: the version being prepared.</summary>
public sealed record DraftView(Guid DatasetId, int Number, string Status, DateTimeOffset UpdatedAt, JsonObject Metadata);
