using Eucaim.Core.Identity;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Access;

/// <summary>
/// The decision state machine, without a database: who may decide as which party, which states take
/// a decision, how decisions settle a dataset (and create its grant), and the request's status after.
/// </summary>
public static class AccessDecisionRules
{
    /// <summary>The grant's conditions (every decider's, joined) are cut to the column's length.</summary>
    public const int MaxGrantConditionsLength = 4000;

    /// <summary>
    /// Checks <paramref name="choice"/> by <paramref name="decider"/> against the request's state, in
    /// the order the API answers: self-decision, decider role, closed, awaiting changes, unknown
    /// dataset, party not needed, already decided, dataset decided, grant end out of bounds.
    /// </summary>
    public static Outcome<DecisionPlan> Check(
        AccessRequest request, PlatformIdentity decider, AccessDecisionChoice choice, DateTimeOffset now, int maxGrantDays)
    {
        if (request.RequesterSubject == decider.Subject)
        {
            return Problem.Forbidden("You cannot decide your own request.",
                "A request is decided by the access committee and data holders other than its requester.", "no-self-decision");
        }

        var item = request.Datasets.FirstOrDefault(d => d.DatasetId == choice.DatasetId);
        var party = PartyOf(decider, item, choice.As);
        if (!MayDecideAs(decider, item, party))
        {
            return Problem.Forbidden("You may not decide on this dataset.", party == ReviewParty.Committee
                ? "Only members of the access committee decide as the committee."
                : "Only data holders of the dataset's organization decide as its data holder.", "decider-role");
        }

        if (request.IsClosed)
        {
            return Problem.Conflict("The request is closed.",
                $"The request is {AccessText.Of(request.Status)}: it takes no more decisions.", "request-closed");
        }

        if (request.Status == AccessRequestStatus.ChangesRequested)
        {
            return Problem.Conflict("Changes were requested.",
                "The request waits for the requester's changes; decide after they resubmit it.", "awaiting-changes");
        }

        if (item is null)
        {
            return Problem.Invalid("datasetId", $"Dataset {choice.DatasetId} is not part of this request.");
        }

        if (party == ReviewParty.DataHolder && !item.RequiresDataHolderApproval)
        {
            return Problem.Invalid("as", "This dataset's terms leave the decision to the access committee alone.");
        }

        if (request.Decisions.Any(d => d.DatasetId == item.DatasetId && d.Party == party))
        {
            return AlreadyDecided($"The {AccessText.Of(party)} already decided on dataset {item.DatasetId}.");
        }

        if (item.Status != AccessItemStatus.Pending)
        {
            return Problem.Conflict("The dataset is already decided.",
                $"Dataset {item.DatasetId} is {AccessText.Of(item.Status)}.", "dataset-decided");
        }

        var latestEnd = LatestEnd(now, maxGrantDays);
        if (choice.Approve && choice.ValidUntil is { } until && (until <= now || until > latestEnd))
        {
            return Problem.Invalid("validUntil",
                $"The grant's end must be after now and at most {maxGrantDays} days ahead ({latestEnd:O}).");
        }

        return new DecisionPlan(item, party);
    }

    /// <summary>The party asked for; else the committee for its members, the data holder for its organization, the committee otherwise.</summary>
    public static ReviewParty PartyOf(PlatformIdentity decider, AccessRequestDataset? item, ReviewParty? asked) =>
        asked ?? (decider.IsAccessCommittee ? ReviewParty.Committee
            : item is not null && decider.HoldsDataFor(item.OrganizationKey) ? ReviewParty.DataHolder
            : ReviewParty.Committee);

    public static bool MayDecideAs(PlatformIdentity decider, AccessRequestDataset? item, ReviewParty party) =>
        party == ReviewParty.Committee
            ? decider.IsAccessCommittee
            : item is not null && decider.HoldsDataFor(item.OrganizationKey);

    /// <summary>The problem of a decision that another one (earlier, or concurrent) already took.</summary>
    public static Problem AlreadyDecided(string detail = "Another decision on this dataset committed first.") =>
        Problem.Conflict("Already decided.", detail, "already-decided");

    /// <summary>The platform maximum: no grant lasts beyond it.</summary>
    public static DateTimeOffset LatestEnd(DateTimeOffset now, int maxGrantDays) => now.AddDays(maxGrantDays);

    /// <summary>
    /// Records the decision on the request, settles its dataset and the request's status. Returns the
    /// decision and, when the dataset just became approved, its grant (both still to be stored).
    /// </summary>
    public static DecisionResult Apply(
        AccessRequest request, DecisionPlan plan, AccessDecisionChoice choice, string deciderSubject, DateTimeOffset now, int maxGrantDays)
    {
        var decision = new AccessDecision
        {
            Id = Guid.CreateVersion7(now),
            AccessRequestId = request.Id,
            DatasetId = plan.Item.DatasetId,
            Party = plan.Party,
            Approved = choice.Approve,
            DeciderSubject = deciderSubject,
            Comment = choice.Comment,
            ValidUntil = choice.ValidUntil,
            Conditions = choice.Conditions,
            DecidedAt = now,
        };
        request.Decisions.Add(decision);
        var grant = Settle(request, plan.Item, now, LatestEnd(now, maxGrantDays), deciderSubject);
        request.Status = StatusAfterDecisions(request.Datasets);
        request.UpdatedAt = now;
        if (request.IsClosed)
        {
            request.ClosedAt = now;
        }

        return new DecisionResult(decision, grant);
    }

    /// <summary>
    /// Applies the decisions so far to the dataset: any rejection rejects it; the committee's approval
    /// (and the data holder's, where required) approves it and returns its new grant; otherwise it waits.
    /// </summary>
    public static Grant? Settle(AccessRequest request, AccessRequestDataset item, DateTimeOffset now, DateTimeOffset latestEnd, string createdBy)
    {
        var decisions = request.Decisions.Where(d => d.DatasetId == item.DatasetId).ToList();
        if (decisions.Any(d => !d.Approved))
        {
            item.Status = AccessItemStatus.Rejected;
            item.DecidedAt = now;
            return null;
        }

        var committee = decisions.FirstOrDefault(d => d.Party == ReviewParty.Committee);
        var holder = decisions.FirstOrDefault(d => d.Party == ReviewParty.DataHolder);
        if (committee is null || (item.RequiresDataHolderApproval && holder is null))
        {
            return null;
        }

        var conditions = string.Join("\n", decisions.Where(d => d.Conditions is not null).Select(d => $"{AccessText.Of(d.Party)}: {d.Conditions}"));
        var grant = new Grant
        {
            Id = Guid.CreateVersion7(now),
            TenantId = request.TenantId,
            TenantSlug = request.TenantSlug,
            DatasetId = item.DatasetId,
            Version = item.Version,
            ValidFrom = now,
            ValidUntil = GrantEnd(now, request.RequestedDays, latestEnd, committee.ValidUntil, holder?.ValidUntil),
            Conditions = conditions.Length == 0 ? null : conditions.Length > MaxGrantConditionsLength ? conditions[..MaxGrantConditionsLength] : conditions,
            AccessRequestId = request.Id,
            CreatedAt = now,
            CreatedBy = createdBy,
        };
        item.Status = AccessItemStatus.Approved;
        item.GrantId = grant.Id;
        item.DecidedAt = now;
        return grant;
    }

    /// <summary>The earliest of: what was asked for, the platform maximum, and what any decider set.</summary>
    public static DateTimeOffset GrantEnd(
        DateTimeOffset now, int requestedDays, DateTimeOffset latestEnd, DateTimeOffset? committeeUntil, DateTimeOffset? holderUntil) =>
        new[] { now.AddDays(requestedDays), latestEnd, committeeUntil ?? latestEnd, holderUntil ?? latestEnd }.Min();

    /// <summary>Under review while any dataset waits; then approved if any dataset is, else rejected.</summary>
    public static AccessRequestStatus StatusAfterDecisions(IEnumerable<AccessRequestDataset> datasets)
    {
        var statuses = datasets.Select(d => d.Status).ToList();
        return statuses.Contains(AccessItemStatus.Pending) ? AccessRequestStatus.UnderReview
            : statuses.Contains(AccessItemStatus.Approved) ? AccessRequestStatus.Approved
            : AccessRequestStatus.Rejected;
    }

    /// <summary>The caller's reviewing role on the request ("committee", "data-holder"), or null when they review none of it.</summary>
    public static string? ReviewerRole(PlatformIdentity caller, AccessRequest request) =>
        caller.IsAccessCommittee ? "committee"
        : request.Datasets.Any(d => d.RequiresDataHolderApproval && caller.HoldsDataFor(d.OrganizationKey)) ? "data-holder"
        : null;
}

/// <summary>What a checked decision is about: the dataset and the party deciding.</summary>
public sealed record DecisionPlan(AccessRequestDataset Item, ReviewParty Party);

/// <summary>The decision taken and the grant it created, if any.</summary>
public sealed record DecisionResult(AccessDecision Decision, Grant? Grant);
