using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Residents;

/// <summary>Registers a cardholder. Duplicates are refused by the database's unique index, not by a prior lookup.</summary>
public sealed class RegisterResident(HealthCardDb db, AuditTrail audit, ResidentValidator validator, ResidentMapper mapper,
    IRegionDirectory regions, TimeProvider clock)
{
    public async Task<Result<ResidentView>> ExecuteAsync(Caller caller, ResidentDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
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
        return await audit.RunAsync(caller, scope, _ =>
        {
            db.Residents.Add(record);
            return Task.FromResult(Result<ResidentView>.Success(view));
        }, cancellationToken);
    }
}

internal static class ResidentErrors
{
    public static Conflict Duplicate { get; } = new("resident.duplicate",
        new Message("该证件类别和号码已登记了一位在世居民", "A living resident with this document type and number is already registered"));

    public static Conflict Deceased { get; } = new("resident.deceased",
        new Message("该居民已登记死亡", "The resident is recorded as deceased"));

    public static NotFound NotFound { get; } = new("resident");
}
