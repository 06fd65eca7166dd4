using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Institutions;

/// <summary>Suspends or reactivates an institution. A suspended institution's terminals are refused by the online check.</summary>
public sealed class ChangeInstitutionStatus(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<InstitutionView>> ExecuteAsync(Caller caller, string code, InstitutionTrigger trigger, string? reason,
        CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsWrite) is { } denied)
        {
            return Task.FromResult<Result<InstitutionView>>(denied);
        }
        var scope = new AuditScope("institution." + EnumNames.Of(trigger), "institution") { TargetId = code, OnConcurrencyConflict = InstitutionErrors.VersionConflict };
        return LifecycleOperation.RunAsync(db, audit, caller, scope,
            ct => db.Institutions.InRegionOf(caller).FirstOrDefaultAsync(i => i.Code == code, ct), InstitutionErrors.NotFound, i => i.RegionCode,
            i => i.Apply(trigger, CreateInstitution.Context(caller, clock, reason)), (i, _) => Task.FromResult(InstitutionView.From(i, regions)),
            cancellationToken);
    }
}
