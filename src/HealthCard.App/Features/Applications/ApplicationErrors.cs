using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Applications;

internal static class ApplicationErrors
{
    public static NotFound NotFound { get; } = new("card_application");

    public static Conflict VersionConflict { get; } = new("card_application.version_conflict",
        new Message("该申请刚被他人审核，请刷新后重试", "The application was reviewed meanwhile; reload and retry"));

    public static Conflict AlreadyPending { get; } = new("card_application.already_pending",
        new Message("该居民已有一份待审核的申领", "The resident already has an application awaiting review"));

    public static Conflict WrongLevel(string level, string regionCode) => new("card_application.wrong_level", level == ApplicationReviewLevels.County
        ? new Message($"该申请当前应由区县（{regionCode}）审核", $"The application awaits review by its county ({regionCode})")
        : new Message($"该申请当前应由市级（{regionCode[..4]}）或上级审核", $"The application awaits review by its city ({regionCode[..4]}) or a higher tier"));

    /// <summary>
    /// A bank the caller may name: active, and in the caller's region or a tier above it (a county's residents may choose
    /// a bank registered by their city), like a province's SAM plan concerns every tier below it.
    /// </summary>
    public static async Task<Result<Institution>> BankAsync(HealthCardDb db, Caller caller, string? code, string field, CancellationToken cancellationToken)
    {
        var bank = code is null ? null : await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (bank is null || bank.Kind != InstitutionKind.Bank || !bank.IsActive
            || !(caller.Covers(bank.RegionCode) || RegionPrefix.TierOf(bank.RegionCode).Contains(caller.RegionScope)))
        {
            var errors = new FieldErrors();
            errors.Add(field, $"未找到在用的发卡银行：{code}", $"No active bank institution '{code}' in your region or above it");
            return errors.ToError("institution.not_usable");
        }
        return bank;
    }
}
