using System.Linq.Expressions;
using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Sams;

public sealed class GetSams(HealthCardDb db)
{
    public async Task<Result<SamView>> OneAsync(Caller caller, string serial, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var sam = await db.Sams.AsNoTracking().InRegionOf(caller).FirstOrDefaultAsync(s => s.Serial == serial, cancellationToken);
        return sam is null ? SamErrors.NotFound : SamView.From(sam);
    }

    public async Task<Result<IReadOnlyList<LifecycleEventView>>> HistoryAsync(Caller caller, string serial, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        return await db.Sams.InRegionOf(caller).AnyAsync(s => s.Serial == serial, cancellationToken)
            ? Result<IReadOnlyList<LifecycleEventView>>.Success(await LifecycleEventView.HistoryAsync(db, "sam", serial, cancellationToken))
            : SamErrors.NotFound;
    }

    /// <summary>The console list (应用维护): filters by type, status, serial prefix and institution, a page at a time.</summary>
    public Task<Result<Paged<SamView>>> ListAsync(Caller caller, int? type, string? status, string? serial, string? institutionCode, PageRequest page,
        CancellationToken cancellationToken) =>
        ListAsync(caller, type, status, serial, institutionCode, regionCode: null, page, cancellationToken);

    /// <summary>The console list with a region filter too (a GB/T 2260 prefix within the caller's region).</summary>
    public async Task<Result<Paged<SamView>>> ListAsync(Caller caller, int? type, string? status, string? serial, string? institutionCode, string? regionCode,
        PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var query = db.Sams.AsNoTracking().InRegionOf(caller);
        if (regionCode is { Length: > 0 })
        {
            query = query.Where(s => s.RegionCode.StartsWith(regionCode));
        }
        if (type is { } t)
        {
            query = query.Where(s => s.Type == t);
        }
        if (EnumNames.TryParse<SamStatus>(status, out var st))
        {
            query = query.Where(s => s.Status == st);
        }
        if (serial is { Length: > 0 })
        {
            query = query.Where(s => s.Serial.StartsWith(serial));
        }
        if (institutionCode is { Length: > 0 })
        {
            query = query.Where(s => s.InstitutionCode == institutionCode);
        }
        return await Paged<SamView>.ReadAsync(query.OrderBy(s => s.Serial).Select(SamView.Projection), page, v => v, cancellationToken);
    }

    public async Task<Result<HandoverView>> HandoverAsync(Caller caller, string number, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var handover = await db.Handovers.AsNoTracking().Where(HandoverVisibleTo(caller)).FirstOrDefaultAsync(h => h.Number == number, cancellationToken);
        if (handover is null)
        {
            return new NotFound("handover");
        }
        var name = handover.ToInstitutionCode is { } code
            ? await db.Institutions.Where(i => i.Code == code).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        return HandoverView.From(handover, name);
    }

    /// <summary>Handover records (交接单) the caller gave or received, newest first, a page at a time.</summary>
    public async Task<Result<Paged<HandoverView>>> ListHandoversAsync(Caller caller, PageRequest page, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.InstitutionsRead) is { } denied)
        {
            return denied;
        }
        var handovers = await Paged<Handover>.ReadAsync(db.Handovers.AsNoTracking().Where(HandoverVisibleTo(caller)).OrderByDescending(h => h.At),
            page, h => h, cancellationToken);
        var codes = handovers.Items.Select(h => h.ToInstitutionCode).OfType<string>().Distinct().ToList();
        var names = await db.Institutions.Where(i => codes.Contains(i.Code)).Select(i => new { i.Code, i.Name }).ToDictionaryAsync(i => i.Code, i => i.Name, cancellationToken);
        return new Paged<HandoverView>(handovers.Items.Select(h => HandoverView.From(h, h.ToInstitutionCode is { } code ? names.GetValueOrDefault(code) : null)).ToList(),
            handovers.Page, handovers.PageSize, handovers.Total);
    }

    /// <summary>A handover concerns the tier that gave and the tier that received.</summary>
    private static Expression<Func<Handover, bool>> HandoverVisibleTo(Caller caller)
    {
        var prefix = caller.RegionScope;
        return h => h.ToRegionCode.StartsWith(prefix) || h.FromRegionCode.StartsWith(prefix);
    }
}
