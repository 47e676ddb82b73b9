namespace Eucaim.Core.Federation;

/// <summary>What an admin gives to register a node.</summary>
public sealed record NodeRegistration(string? Id, string? Organisation, string? PublicKey, IReadOnlyList<Guid>? Datasets);
