using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>Loading a resident for a change: within the caller's region (else not found) and alive.</summary>
internal static class LivingResident
{
    /// <summary>The tracked resident, with the audit scope's region filled in; or not_found / resident.deceased.</summary>
    public static async Task<Result<ResidentRecord>> FindAsync(HealthCardDb db, Caller caller, Guid id, AuditScope scope,
        CancellationToken cancellationToken)
    {
        var record = await db.Residents.VisibleTo(caller).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (record is null)
        {
            return ResidentErrors.NotFound;
        }
        scope.RegionCode = record.RegionCode;
        return record.DeathDate is null ? record : ResidentErrors.Deceased;
    }
}
