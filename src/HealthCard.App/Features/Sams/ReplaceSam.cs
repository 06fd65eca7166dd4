using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

/// <summary>
/// Replaces a lost or broken SAM: the old one is withdrawn (a lost one cancelled, a broken one scrapped) and the
/// replacement, allocated to the same institution, takes over its terminal, location and responsible person.
/// </summary>
public sealed class ReplaceSam(HealthCardDb db, AuditTrail audit, TimeProvider clock)
{
    public Task<Result<SamView>> ExecuteAsync(Caller caller, string serial, SamReplaceRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<SamView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam.replace", "sam") { TargetId = serial, OnConcurrencyConflict = SamErrors.VersionConflict }
            .OnUniqueViolation(HealthCardDb.OneActiveSamPerTerminalIndex, SamErrors.TerminalOccupied);
        return audit.RunAsync<SamView>(caller, scope, async ct =>
        {
            var old = await db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, ct);
            if (old is null)
            {
                return SamErrors.NotFound;
            }
            scope.RegionCode = old.RegionCode;
            var replacement = await db.Sams.InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == request.ReplacementSerial, ct);
            if (replacement is null || replacement.InstitutionCode != old.InstitutionCode || replacement.Type != old.Type
                || replacement.Status is not (SamStatus.Allocated or SamStatus.Recovered))
            {
                var errors = new FieldErrors();
                errors.Add("replacementSerial", "替换卡应为已出库给同一机构、同类型且未使用的 SAM 卡",
                    "The replacement is an unused SAM of the same type allocated to the same institution");
                return errors.ToError("sam.invalid");
            }
            var binding = old.Binding;
            var context = CreateInstitution.Context(caller, clock, request.Reason);
            var withdrawn = old.ReplaceWith(replacement.Serial, context, JsonSerializer.Serialize(new { replacement = replacement.Serial }));
            if (!withdrawn.IsSuccess)
            {
                return withdrawn.Error!;
            }
            db.Entry(old).Property(s => s.Version).CurrentValue = old.Version + 1;
            db.LifecycleEvents.Add(withdrawn.Value);
            if (binding is not null)
            {
                // Free the terminal first, so that the one-SAM-per-terminal index admits the replacement.
                await db.SaveChangesAsync(ct);
                var bound = replacement.Bind(binding, context, JsonSerializer.Serialize(new { terminal = binding.TerminalSerial, replaces = old.Serial }));
                db.Entry(replacement).Property(s => s.Version).CurrentValue = replacement.Version + 1;
                db.LifecycleEvents.Add(bound.Value);
            }
            scope.Details = JsonSerializer.Serialize(new { replacement = replacement.Serial, old = withdrawn.Value.ToStatus, terminal = binding?.TerminalSerial });
            return SamView.From(replacement);
        }, cancellationToken);
    }
}
