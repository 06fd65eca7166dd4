using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>The versions a resident's data went through. Previous values are shown only to callers with <c>pii:read</c>.</summary>
public sealed class ResidentHistory(HealthCardDb db, ResidentMapper mapper)
{
    public async Task<Result<IReadOnlyList<RevisionView>>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Residents.VisibleTo(caller).AnyAsync(r => r.Id == id, cancellationToken))
        {
            return ResidentErrors.NotFound;
        }
        var revisions = await db.ResidentRevisions.AsNoTracking().Where(r => r.ResidentId == id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        return revisions.Select(r => new RevisionView(r.Version, r.ChangedAt, r.Actor, r.Reason, r.ChangedFields,
            caller.SeesPersonalData ? mapper.UnprotectSnapshot(id, r.Version, r.PreviousCipher) : null)).ToList();
    }
}

/// <summary>One change: <see cref="Version"/> is the version that was replaced; <see cref="Previous"/> its data.</summary>
public sealed record RevisionView(int Version, DateTimeOffset ChangedAt, string Actor, string? Reason, IReadOnlyList<string> ChangedFields,
    ResidentProfile? Previous);
