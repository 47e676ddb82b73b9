using Eucaim.Core.Platform;

namespace Eucaim.Core.Federation;

public static class FederationProblems
{
    public const string NotSetUpDetail = "federation is not set up on this platform (Eucaim:Federation:Hub:SigningKeyFile)";

    public static Problem NotSetUp() => new(ProblemKind.Unavailable, "Federation is not set up.", NotSetUpDetail) { Rule = "federation-not-set-up" };

    public static Problem DuplicateNode(string id) =>
        Problem.Conflict("The node exists.", $"A node '{id}' is already registered; revoke it and register another id to change its key.", "node-exists");

    /// <summary>A link message refused before or at its signature check: 401 with the reason.</summary>
    public static Problem Unauthenticated(string rule, string detail) =>
        new(ProblemKind.Unauthenticated, "The federation message is refused.", detail) { Rule = rule };

    public static Problem Revoked(string node) =>
        Problem.Forbidden("The node is revoked.", $"Node '{node}' was revoked on this hub; its messages are refused.", "node-revoked");
}
