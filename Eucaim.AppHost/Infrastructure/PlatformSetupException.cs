namespace Eucaim.AppHost.Infrastructure;

/// <summary>A problem on the developer's machine that one sentence can explain and fix.</summary>
internal sealed class PlatformSetupException(string message) : Exception(message);
