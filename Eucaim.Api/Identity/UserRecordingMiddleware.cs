using Eucaim.Core.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Eucaim.Api.Identity;

/// <summary>
/// Records each signed-in caller in <c>users</c> on first sight, and refreshes name, email and
/// last seen at most every <see cref="RefreshInterval"/> per person (not a write per request).
/// </summary>
internal sealed partial class UserRecordingMiddleware(RequestDelegate next, IMemoryCache seen, TimeProvider time, ILogger<UserRecordingMiddleware> logger)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);
    private const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context, UserRecorder recorder)
    {
        var user = context.User;
        var identity = PlatformIdentity.From(user);
        var issuer = user.FindFirst("iss")?.Value;
        if (identity.Subject is { Length: <= MaxKeyLength } subject && issuer is { Length: <= MaxKeyLength })
        {
            // Name and email are part of the key, so a change at the provider is written at once.
            var key = $"user-seen:{issuer}\n{subject}\n{identity.Name}\n{identity.Email}";
            if (!seen.TryGetValue(key, out _))
            {
                var sighting = await recorder.RecordAsync(issuer, subject, identity.Name, identity.Email, context.RequestAborted);
                seen.Set(key, true, new MemoryCacheEntryOptions { AbsoluteExpiration = time.GetUtcNow() + RefreshInterval, Size = 1 });
                if (sighting.FirstSeen)
                {
                    LogFirstSeen(logger, subject, issuer, string.Join(',', identity.Roles.Order()));
                }
            }
        }

        await next(context);
    }

    [LoggerMessage(EventId = 3001, EventName = "UserFirstSeen", Level = LogLevel.Information,
        Message = "User first seen: {Subject} from {Issuer} with roles [{Roles}]")]
    private static partial void LogFirstSeen(ILogger logger, string subject, string issuer, string roles);
}
