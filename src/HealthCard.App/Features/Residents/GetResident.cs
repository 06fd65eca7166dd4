using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// Reads one resident, within the caller's region. A read that shows personal data in full (the caller has
/// <c>pii:read</c>) is audited as <c>resident.read</c> (issue 14, finding 8); a masked read is not. A resident signed in to the
/// portal reads their own record without a capability (PIPL right of access), and that is not audited either.
/// </summary>
public sealed class GetResident(HealthCardDb db, ResidentMapper mapper, IRegionDirectory regions, AuditTrail audit)
{
    public async Task<Result<ResidentView>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var own = caller.Channel == Channel.Portal && caller.ResidentId == id;
        if (!own && caller.Authorize(Capabilities.ResidentsRead) is { } denied)
        {
            return denied;
        }
        if (own || !caller.SeesPersonalData)
        {
            return await ReadAsync(caller, id, null, cancellationToken);
        }
        var scope = new AuditScope("resident.read", "resident") { TargetId = id.ToString() };
        return await audit.RunAsync(caller, scope, ct => ReadAsync(caller, id, scope, ct), cancellationToken);
    }

    private async Task<Result<ResidentView>> ReadAsync(Caller caller, Guid id, AuditScope? scope, CancellationToken cancellationToken)
    {
        var record = await db.Residents.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return ResidentErrors.NotFound;
        }
        scope?.RegionCode = record.RegionCode;
        return ResidentView.From(record, mapper.ToProfile(record), caller, regions);
    }
}
