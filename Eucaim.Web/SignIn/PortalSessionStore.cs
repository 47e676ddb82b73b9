using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace Eucaim.Web.SignIn;

/// <summary>
/// Keeps each signed-in session (its tokens included) in the portal's memory; the browser's cookie
/// carries only a random key to it. The browser never holds an access or refresh token, not even
/// encrypted, and signing out forgets them here. A restart of the portal signs people out of the
/// portal only: their LS Login session remains, so signing in again is one click.
/// </summary>
internal sealed class PortalSessionStore(IMemoryCache sessions, TimeProvider clock) : ITicketStore
{
    private const string KeyPrefix = "portal-session:";

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Keep(key, ticket);
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        Keep(key, ticket);
        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        Task.FromResult(sessions.TryGetValue(KeyPrefix + key, out AuthenticationTicket? ticket) ? ticket : null);

    public Task RemoveAsync(string key)
    {
        sessions.Remove(KeyPrefix + key);
        return Task.CompletedTask;
    }

    private void Keep(string key, AuthenticationTicket ticket)
    {
        var expires = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow().AddHours(8);
        sessions.Set(KeyPrefix + key, ticket, new MemoryCacheEntryOptions { AbsoluteExpiration = expires });
    }
}
