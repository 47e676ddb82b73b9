using Eucaim.Core.Audit;
using Eucaim.Core.Identity;

namespace Eucaim.Api.Access;

internal static class AccessAudit
{
    public static AuditEntry Entry(string action, PlatformIdentity caller, HttpContext http) =>
        new(action, caller.Subject ?? "anonymous") { ClientAddress = http.Connection.RemoteIpAddress?.ToString() };
}
