namespace Eucaim.Api.Identity;

/// <summary>
/// The sign-in provider could not be asked (discovery, keys, userinfo or introspection): the
/// caller's token may well be fine, so this becomes a 503, never a 401 or a 500.
/// </summary>
internal sealed class SignInProviderUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
