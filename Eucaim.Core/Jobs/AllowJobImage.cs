using Eucaim.Core.Data;
using Eucaim.Core.Identity;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;

namespace Eucaim.Core.Jobs;

/// <summary>An admin allow-lists an image that jobs may run, optionally pinned by digest.</summary>
public sealed class AllowJobImage(UnitOfWork uow)
{
    public async Task<Outcome<JobImage>> RunAsync(Actor actor, string? reference, string? digest, string? description, CancellationToken cancellationToken)
    {
        if (reference is { Length: > JobImageRules.MaxReferenceLength })
        {
            return JobProblems.Invalid("reference", "image-reference", $"reference is at most {JobImageRules.MaxReferenceLength} characters.");
        }

        if (!JobImageRules.IsReference(reference))
        {
            return JobProblems.Invalid("reference", "image-reference", "reference must be an image reference such as registry.example.org/team/model:1.2 (no digest; give it in digest).");
        }

        if (digest is not null && !JobImageRules.IsDigest(digest))
        {
            return JobProblems.Invalid("digest", "image-digest", "digest must be sha256: followed by 64 lowercase hex digits.");
        }

        if (TextInput.Check("description", description, JobImageRules.MaxDescriptionLength, freeForm: true) is { } badDescription)
        {
            return JobProblems.Invalid("description", "image-description", badDescription);
        }

        return await uow.RunAsync<JobImage>(async (scope, ct) =>
        {
            if (await scope.Db.JobImages.AnyAsync(i => i.Reference == reference, ct))
            {
                return Exists(reference);
            }

            var image = new JobImage { Reference = reference, Digest = digest, Description = description, CreatedAt = scope.Now, CreatedBy = actor.Subject };
            scope.Db.JobImages.Add(image);
            return image;
        }, cancellationToken, lostRace: () => Exists(reference));
    }

    private static Problem Exists(string reference) => JobProblems.Conflict("reference", "image-exists", $"image '{reference}' is already allow-listed.");
}
