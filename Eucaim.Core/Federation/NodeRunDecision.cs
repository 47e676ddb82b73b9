namespace Eucaim.Core.Federation;

/// <summary>What a data holder at the node says of a run: before it runs (approve, refuse) or of its result (release, withhold).</summary>
public enum NodeRunDecision
{
    Approve,
    Refuse,
    Release,
    Withhold,
}
