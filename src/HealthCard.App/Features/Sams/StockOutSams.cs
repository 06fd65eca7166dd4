using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Features.Keys;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

/// <summary>
/// Stock-out (出库): SAMs in the caller's stock go to an institution (they become allocated) or to a lower tier's stock,
/// with one handover record (交接单) naming both parties and every serial. All or nothing.
/// </summary>
public sealed class StockOutSams(HealthCardDb db, AuditTrail audit, IRegionDirectory regions, TimeProvider clock)
{
    public Task<Result<HandoverView>> ExecuteAsync(Caller caller, StockOutRequest request, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.SamsWrite) is { } denied)
        {
            return Task.FromResult<Result<HandoverView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(request);
        var scope = new AuditScope("sam.stock_out", "handover") { OnConcurrencyConflict = SamErrors.VersionConflict }
            .OnUniqueViolation(HealthCardDb.HandoverNumberIndex, SamErrors.NumberTaken);
        return audit.RunAsync<HandoverView>(caller, scope, async ct =>
        {
            var errors = new FieldErrors();
            var serials = SamErrors.Serials(errors, request.Serials);
            if ((request.ToInstitutionCode is null) == (request.ToRegionCode is null))
            {
                errors.Add("toInstitutionCode", "须指定接收机构或下级地区之一", "Name either the receiving institution or the lower tier's region");
            }
            var toTier = request.ToRegionCode is null ? null : RegionPrefix.Parse(request.ToRegionCode, regions, errors, "toRegionCode");
            if (toTier is { } tier)
            {
                if (tier.IsProvince)
                {
                    errors.Add("toRegionCode", "下级地区应为市（4 位）或区县（6 位）", "toRegionCode is a lower tier: a city (4 digits) or a county (6)");
                }
                else if (!caller.Covers(tier))
                {
                    RegionPrefix.Outside(errors, "toRegionCode");
                }
            }
            if (errors.Any)
            {
                return errors.ToError("sam.invalid");
            }
            Institution? institution = null;
            if (request.ToInstitutionCode is not null)
            {
                var found = await InstitutionErrors.FindActiveAsync(db, caller, request.ToInstitutionCode, "toInstitutionCode", ct,
                    InstitutionKind.Medical, InstitutionKind.Bank, InstitutionKind.PersonalizationCentre);
                if (!found.IsSuccess)
                {
                    return found.Error!;
                }
                institution = found.Value;
            }
            var toRegion = institution?.RegionCode ?? toTier!.Value.Value;
            var sams = await db.Sams.InRegionOf(caller).Where(s => serials!.Contains(s.Serial)).ToListAsync(ct);
            if (sams.Count != serials!.Count)
            {
                var missing = serials.Except(sams.Select(s => s.Serial)).First();
                return new NotFound($"SAM {missing}");
            }
            var now = clock.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            var handover = new Handover
            {
                Id = id,
                Number = SamErrors.Number("JJ", now, id),
                FromRegionCode = sams.Select(s => s.RegionCode).Min()!,
                ToRegionCode = toRegion,
                ToInstitutionCode = institution?.Code,
                HandedOverBy = request.HandedOverBy ?? caller.Actor,
                ReceivedBy = request.ReceivedBy,
                Serials = [.. serials],
                At = now,
            };
            var details = JsonSerializer.Serialize(new { handover = handover.Number });
            var context = CreateInstitution.Context(caller, clock);
            foreach (var sam in sams)
            {
                var moved = institution is null ? sam.Transfer(toRegion, context, details) : sam.Allocate(institution.Code, institution.RegionCode, context, details);
                if (!moved.IsSuccess)
                {
                    return new Conflict("sam.not_in_stock", new Message($"SAM 卡 {sam.Serial} 不在库（状态 {EnumNames.Of(sam.Status)}）",
                        $"SAM {sam.Serial} is not in stock (status {EnumNames.Of(sam.Status)})"));
                }
                db.Entry(sam).Property(s => s.Version).CurrentValue = sam.Version + 1;
                db.LifecycleEvents.Add(moved.Value);
            }
            db.Handovers.Add(handover);
            scope.TargetId = handover.Number;
            scope.RegionCode = toRegion;
            scope.Details = JsonSerializer.Serialize(new { count = sams.Count, to = institution?.Code ?? toRegion });
            return HandoverView.From(handover, institution?.Name);
        }, cancellationToken);
    }
}
