using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Institutions;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Institutions;

/// <summary>Reads institutions in the caller's region: one with its history, or a filtered page.</summary>
public sealed class GetInstitutions(HealthCardDb db, IRegionDirectory regions)
{
    public async Task<Result<InstitutionView>> OneAsync(Caller caller, string code, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var institution = await db.Institutions.AsNoTracking().InRegionOf(caller).FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        return institution is null ? InstitutionErrors.NotFound : InstitutionView.From(institution, regions);
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, string code, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        return await db.Institutions.InRegionOf(caller).AnyAsync(i => i.Code == code, cancellationToken)
            ? Result<IReadOnlyList<LifecycleEventView>>.Success(await LifecycleEventView.HistoryAsync(db, "institution", code, cancellationToken))
            : InstitutionErrors.NotFound;
    }

    public async Task<Result<Paged<InstitutionView>>> ListAsync(Caller caller, string? kind, string? regionCode, string? status, PageRequest page,
        CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(page);
        var query = db.Institutions.AsNoTracking().InRegionOf(caller);
        if (EnumNames.TryParse<InstitutionKind>(kind, out var k))
        {
            query = query.Where(i => i.Kind == k);
        }
        if (EnumNames.TryParse<InstitutionStatus>(status, out var s))
        {
            query = query.Where(i => i.Status == s);
        }
        if (regionCode is { Length: > 0 })
        {
            query = query.Where(i => i.RegionCode.StartsWith(regionCode));
        }
        return await Paged<InstitutionView>.ReadAsync(query.OrderBy(i => i.Code), page, i => InstitutionView.From(i, regions), cancellationToken);
    }
}
