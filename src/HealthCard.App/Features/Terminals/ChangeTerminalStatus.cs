using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Terminals;

/// <summary>Freeze, unfreeze, report loss and cancel, each one trigger of the terminal lifecycle table.</summary>
public sealed class ChangeTerminalStatus(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<TerminalView>> ExecuteAsync(Caller caller, string serial, TerminalTrigger trigger, string? reason,
        CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<TerminalView>>(denied);
        }
        var scope = new AuditScope("terminal." + EnumNames.Of(trigger), "terminal") { TargetId = serial, OnConcurrencyConflict = TerminalErrors.VersionConflict };
        return LifecycleOperation.RunAsync(db, audit, caller, scope,
            ct => db.Terminals.InRegionOf(caller).FirstOrDefaultAsync(t => t.Serial == serial, ct), TerminalErrors.NotFound, t => t.RegionCode,
            t => t.Apply(trigger, CreateInstitution.Context(caller, clock, reason)), (t, ct) => TerminalErrors.ViewAsync(db, t, ct),
            cancellationToken);
    }
}
