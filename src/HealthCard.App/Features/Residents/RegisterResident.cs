using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// Registers a cardholder. Duplicates are refused by the database's unique index, not by a prior lookup. One valid card
/// per living person nationwide: a document already registered in a region the caller cannot see is refused as
/// <c>resident.exists_elsewhere</c>, saying nothing more (no name, birth date or region), and the refusal is audited
/// under that resident and its region, so that its auditors see the attempt (ADR 018). The lookup only chooses that
/// answer; a race is still settled by the index (answered as a plain duplicate).
/// </summary>
public sealed class RegisterResident(HealthCardDb db, AuditTrail audit, ResidentValidator validator, ResidentMapper mapper,
    IRegionDirectory regions, NationalRegistry national, TimeProvider clock)
{
    public async Task<Result<ResidentView>> ExecuteAsync(Caller caller, ResidentDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ResidentsWrite) is { } denied)
        {
            return denied;
        }
        // Validation and encryption need no lock, so they happen before the audited write (which is serialised per node).
        var validated = validator.Validate(draft, clock.Today());
        if (!validated.IsSuccess)
        {
            return validated.Error!;
        }
        var (profile, warnings) = validated.Value;
        if (!caller.Covers(profile.RegionCode))
        {
            var outside = new FieldErrors();
            outside.Add("regionCode", "该地区不在本密钥的管辖范围内", "The region is outside this key's region scope");
            return outside.ToError(ResidentValidator.ErrorCode);
        }
        var now = clock.GetUtcNow();
        var record = mapper.ToNewRecord(Guid.CreateVersion7(now), profile, now);
        var view = ResidentView.From(record, profile, caller, regions, warnings);
        var scope = new AuditScope("resident.register", "resident") { TargetId = record.Id.ToString(), RegionCode = record.RegionCode }
            .OnUniqueViolation(HealthCardDb.LivingIdentityIndex, ResidentErrors.Duplicate);
        // Nationwide uniqueness (查重): the identity is claimed at the national registry before anything is written here, so
        // a refusal (held by another node, or national unreachable) leaves nothing behind (ADR 028). The claim is made
        // before the node's write gate, so that its round trip does not serialise registrations; it is idempotent for this
        // node, so a registration that then fails here leaves only this node's own claim.
        var nationalRefusal = await national.ClaimAsync(record.IdNumberIndex, record.IdType, record.Id, cancellationToken);
        return await audit.RunAsync<ResidentView>(caller, scope, async token =>
        {
            var existing = await db.Residents.AsNoTracking()
                .Where(r => r.IdNumberIndex == record.IdNumberIndex && r.IdType == record.IdType && r.DeathDate == null)
                .Select(r => new { r.Id, r.RegionCode })
                .FirstOrDefaultAsync(token);
            if (existing is not null)
            {
                if (caller.Covers(existing.RegionCode))
                {
                    return ResidentErrors.Duplicate;
                }
                scope.TargetId = existing.Id.ToString();
                scope.RegionCode = existing.RegionCode;
                scope.Details = JsonSerializer.Serialize(new { requestedRegion = record.RegionCode }, ApiJson.Options);
                return ResidentErrors.ExistsElsewhere;
            }
            if (nationalRefusal is not null)
            {
                return nationalRefusal;
            }
            db.Residents.Add(record);
            return view;
        }, cancellationToken);
    }
}
