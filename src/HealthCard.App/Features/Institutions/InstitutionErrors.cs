using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Institutions;

internal static class InstitutionErrors
{
    public static NotFound NotFound { get; } = new("institution");

    public static Conflict Duplicate { get; } = new("institution.duplicate",
        new Message("该机构代码已登记", "An institution with this code is already registered"));

    public static Conflict VersionConflict { get; } = new("institution.version_conflict",
        new Message("该机构刚被他人修改，请刷新后重试", "The institution was changed meanwhile; reload and retry"));

    /// <summary>An institution that another record must name: in the caller's region, active, and of one of <paramref name="kinds"/>.</summary>
    public static async Task<Result<Institution>> FindActiveAsync(HealthCardDb db, Caller caller, string? code, string field,
        CancellationToken cancellationToken, params InstitutionKind[] kinds)
    {
        var institution = code is null ? null
            : await db.Institutions.InRegionOf(caller).FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (institution is null || !kinds.Contains(institution.Kind) || !institution.IsActive)
        {
            var errors = new FieldErrors();
            errors.Add(field, $"未找到在用的{string.Join("或", kinds.Select(KindName))}：{code}",
                $"No active {string.Join(" or ", kinds.Select(k => EnumNames.Of(k).Replace('_', ' ')))} institution '{code}' in your region");
            return errors.ToError("institution.not_usable");
        }
        return institution;
    }

    private static string KindName(InstitutionKind kind) => kind switch
    {
        InstitutionKind.Medical => "医疗卫生机构",
        InstitutionKind.Bank => "发卡银行",
        InstitutionKind.Manufacturer => "生产厂商",
        _ => "个人化中心",
    };
}
