using Eucaim.Core.Platform;

namespace Eucaim.Core.Audit;

/// <summary>
/// The admins' filters of the audit log. An action ending in <c>.</c> (<c>grant.</c>) matches every
/// action of that family, a full name that one; the time range is <c>[From, To)</c>. Translated to SQL.
/// </summary>
public sealed record AuditLogFilter(
    string? Action, string? Actor, string? Tenant, Guid? Dataset, string? Outcome, DateTimeOffset? From, DateTimeOffset? To)
{
    public Problem? Validate() =>
        From is { } from && To is { } to && from > to ? Problem.Invalid("from", "'from' must not be after 'to'.") : null;

    public IQueryable<AuditRecord> Apply(IQueryable<AuditRecord> query)
    {
        if (!string.IsNullOrWhiteSpace(Action))
        {
            var action = Action;
            query = action.EndsWith('.') ? query.Where(e => e.Action.StartsWith(action)) : query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(Actor))
        {
            query = query.Where(e => e.Actor == Actor);
        }

        if (!string.IsNullOrWhiteSpace(Tenant))
        {
            query = query.Where(e => e.TenantSlug == Tenant);
        }

        if (Dataset is { } dataset)
        {
            query = query.Where(e => e.DatasetId == dataset);
        }

        if (!string.IsNullOrWhiteSpace(Outcome))
        {
            query = query.Where(e => e.Outcome == Outcome);
        }

        if (From is { } from)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }

        if (To is { } to)
        {
            query = query.Where(e => e.OccurredAt < to);
        }

        return query;
    }
}
