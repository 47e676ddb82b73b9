using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Jobs;
using Eucaim.Core.Platform;

namespace Eucaim.Core.Exports;

/// <summary>
/// A reviewer (<see cref="ExportReviewers"/>) approves or rejects a pending export. An approval
/// wakes the Workers, which copy the files to the <c>exports</c> container. A request with blocking
/// findings is approved only with an override justification (<see cref="ExportRules.Override"/>).
/// </summary>
public sealed class DecideExport(UnitOfWork uow)
{
    public Task<Outcome<ExportRequest>> RunAsync(Actor actor, Guid id, string? decision, string? note, string? overrideJustification, CancellationToken cancellationToken) =>
        uow.RunAsync<ExportRequest>(async (scope, ct) =>
        {
            var (export, isMember) = await ExportAccess.FindAsync(scope.Db, actor.Identity, id, tracking: true, ct);
            if (export is null)
            {
                return ExportRules.NotFound(id);
            }

            if (!await ExportReviewers.MayReviewAsync(scope.Db, actor.Identity, export, ct))
            {
                return ExportRules.NotAReviewer(isMember && export.RequestedBy == actor.Identity.Subject);
            }

            var status = ExportRules.Decision(decision, note);
            if (!status.Succeeded)
            {
                return status.Problem;
            }

            if (export.Status != ExportStatus.Pending)
            {
                return JobProblems.Conflict("status", "export-decided", $"export {id} was already decided ({export.Status}).");
            }

            var overridden = ExportRules.Override(export, status.Value, overrideJustification);
            if (!overridden.Succeeded)
            {
                return overridden.Problem;
            }

            export.Status = status.Value;
            export.OverrideJustification = overridden.Value;
            export.DecidedBy = actor.Identity.Subject;
            export.DecidedAt = scope.Now;
            export.DecisionNote = note;
            // The Workers copy approved files to the exports container; wake them.
            await JobChanges.NotifyAsync(scope.Db, export.JobId, ct);
            scope.Audit(ExportAudit.Decided(actor, export));
            return export;
        }, cancellationToken, lostRace: () => JobProblems.Conflict("status", "export-decided", $"export {id} was decided meanwhile."));
}
