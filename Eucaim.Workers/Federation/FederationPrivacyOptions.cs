namespace Eucaim.Workers.Federation;

/// <summary><c>Eucaim:Federation:Node:Privacy</c>: how the node's counts are made private before they leave it.</summary>
public sealed class FederationPrivacyOptions
{
    /// <summary>The Laplace noise's ε (scale 1/ε): smaller is noisier.</summary>
    public double Epsilon { get; set; } = 1.0;

    /// <summary>The noise is cut at ± this many.</summary>
    public int MaxNoise { get; set; } = 3;

    /// <summary>A count below this (true or released) is suppressed.</summary>
    public int SmallCellThreshold { get; set; } = 10;
}
