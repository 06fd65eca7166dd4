using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

/// <summary>Freeze, unfreeze, lock, unlock, report loss, recover, scrap and cancel: one trigger of the SAM lifecycle table each.</summary>
public sealed class ChangeSamStatus(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamView>> ExecuteAsync(Caller caller, string serial, SamTrigger trigger, string? reason, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamView>>(denied);
        }
        var scope = new AuditScope("sam." + EnumNames.Of(trigger), "sam") { TargetId = serial, OnConcurrencyConflict = SamErrors.VersionConflict };
        return LifecycleOperation.RunAsync(db, audit, caller, scope,
            ct => db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, ct), SamErrors.NotFound, s => s.RegionCode,
            s => s.Apply(trigger, CreateInstitution.Context(caller, clock, reason)), (s, _) => Task.FromResult(SamView.From(s)), cancellationToken);
    }
}
