using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// The versions a resident's data went through. Previous values are shown only to callers with <c>pii:read</c>, and such a
/// read is audited (<c>resident.history</c>).
/// </summary>
public sealed class ResidentHistory(HealthCardDb db, ResidentMapper mapper, AuditTrail audit)
{
    public async Task<Result<IReadOnlyList<RevisionView>>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ResidentsRead) is { } denied)
        {
            return denied;
        }
        if (!caller.SeesPersonalData)
        {
            return await ReadAsync(caller, id, null, cancellationToken);
        }
        var scope = new AuditScope("resident.history", "resident") { TargetId = id.ToString() };
        return await audit.RunAsync(caller, scope, ct => ReadAsync(caller, id, scope, ct), cancellationToken);
    }

    private async Task<Result<IReadOnlyList<RevisionView>>> ReadAsync(Caller caller, Guid id, AuditScope? scope, CancellationToken cancellationToken)
    {
        var region = await db.Residents.VisibleTo(caller).Where(r => r.Id == id).Select(r => r.RegionCode).FirstOrDefaultAsync(cancellationToken);
        if (region is null)
        {
            return ResidentErrors.NotFound;
        }
        scope?.RegionCode = region;
        var revisions = await db.ResidentRevisions.AsNoTracking().Where(r => r.ResidentId == id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        return revisions.Select(r => new RevisionView(r.Version, r.ChangedAt, r.Actor, r.Reason, r.ChangedFields,
            caller.SeesPersonalData ? mapper.UnprotectSnapshot(id, r.Version, r.PreviousCipher) : null)).ToList();
    }
}

/// <summary>One change: <see cref="Version"/> is the version that was replaced; <see cref="Previous"/> its data.</summary>
public sealed record RevisionView(int Version, DateTimeOffset ChangedAt, string Actor, string? Reason, IReadOnlyList<string> ChangedFields,
    ResidentProfile? Previous);
