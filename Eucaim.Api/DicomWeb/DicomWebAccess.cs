using Eucaim.Api.Platform;
using Eucaim.Core.Access;
using Eucaim.Core.Data;
using Eucaim.Core.Ingest;
using Eucaim.Core.Platform;

namespace Eucaim.Api.DicomWeb;

/// <summary>The version a WADO-RS request may read (the rule is <see cref="DicomReadAccess"/>), at the access clock's time.</summary>
internal static class DicomWebAccess
{
    public static Task<Outcome<DicomReadTarget>> ReadTargetAsync(HttpContext http, Caller caller, EucaimDbContext db, Guid datasetId, CancellationToken cancellationToken) =>
        DicomReadAccess.TargetAsync(db, caller.Identity, datasetId, http.RequestServices.GetRequiredService<AccessClock>().GetUtcNow(), cancellationToken);
}
