namespace Eucaim.Core.Ingest;

/// <summary>
/// A STOW-RS body that is not the multipart document it claims to be (no closing delimiter, a part
/// whose headers never end, a boundary over RFC 2046's 70 characters): thrown by the
/// <see cref="IStowSource"/> while reading, answered by <see cref="StoreInstances"/> as a 400 that
/// says why, with whatever parts before it were stored.
/// </summary>
public sealed class MalformedStowBodyException(string reason, Exception? inner = null) : Exception(reason, inner);
