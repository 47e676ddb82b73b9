namespace Eucaim.Api.Identity;

/// <summary>A token our own code (introspection, userinfo) refused; the message is safe to show the caller.</summary>
internal sealed class TokenRejectedException(string message) : Exception(message);
