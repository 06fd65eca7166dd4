using System.Text.Json;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// Finds residents by document number through the blind index (the number itself is never queried), and for the
/// console by card serial or exact name. Every path is one index lookup, so searching stays fast at 10 million residents.
/// A search whose answer shows personal data in full (<c>pii:read</c>) is audited with the ids it returned, never the
/// term (which may be an ID number).
/// </summary>
public sealed class FindResidents(HealthCardDb db, PersonalDataProtector protector, ResidentMapper mapper, IRegionDirectory regions, AuditTrail audit)
{
    public async Task<Result<IReadOnlyList<ResidentView>>> ByIdNumberAsync(Caller caller, string idNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.ResidentsRead) is { } denied)
        {
            return denied;
        }
        var index = protector.IdNumberIndex(idNumber);
        var records = await db.Residents.AsNoTracking().VisibleTo(caller)
            .Where(r => r.IdNumberIndex == index)
            .OrderBy(r => r.CreatedAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        IReadOnlyList<ResidentView> views = records.Select(r => ResidentView.From(r, mapper.ToProfile(r), caller, regions)).ToList();
        return await AuditedAsync(caller, views, cancellationToken);
    }

    /// <summary>
    /// The console's one search box: a term with digits is a document number or a card serial (10 digits), anything
    /// else an exact name (names are not unique: paged).
    /// </summary>
    public async Task<Result<Paged<ResidentView>>> SearchAsync(Caller caller, string? term, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(page);
        if (caller.Authorize(Capabilities.ResidentsRead) is { } denied)
        {
            return denied;
        }
        var text = (term ?? "").Trim().ToUpperInvariant();
        if (text.Length == 0)
        {
            return new Paged<ResidentView>([], page.SafePage, page.SafeSize, 0);
        }
        IQueryable<ResidentRecord> matches;
        if (text.Any(char.IsAsciiDigit))
        {
            var index = protector.IdNumberIndex(text);
            matches = db.Residents.Where(r => r.IdNumberIndex == index || db.Cards.Any(c => c.ResidentId == r.Id && c.Serial == text));
        }
        else
        {
            var name = (term ?? "").Trim();
            matches = db.Residents.Where(r => r.Name == name);
        }
        var found = await Paged<ResidentView>.ReadAsync(matches.AsNoTracking().VisibleTo(caller).OrderBy(r => r.Id), page,
            r => ResidentView.From(r, mapper.ToProfile(r), caller, regions), cancellationToken);
        var audited = await AuditedAsync(caller, found.Items, cancellationToken);
        return audited.IsSuccess ? found : audited.Error!;
    }

    /// <summary>Records a search that disclosed personal data in full (<c>resident.search</c>, with the ids returned).</summary>
    private async Task<Result<IReadOnlyList<ResidentView>>> AuditedAsync(Caller caller, IReadOnlyList<ResidentView> views, CancellationToken cancellationToken)
    {
        if (!caller.SeesPersonalData || views.Count == 0)
        {
            return Result<IReadOnlyList<ResidentView>>.Success(views);
        }
        // The region shared by every resident returned (their common prefix), so that each region's auditors see the entry.
        var region = views.Select(v => v.RegionCode).Aggregate((a, b) => a[..Enumerable.Range(0, Math.Min(a.Length, b.Length)).TakeWhile(i => a[i] == b[i]).Count()]);
        var scope = new AuditScope("resident.search", "resident")
        {
            TargetId = views.Count == 1 ? views[0].Id.ToString() : null,
            RegionCode = region.Length == 0 ? null : region,
            Details = JsonSerializer.Serialize(new { residents = views.Select(v => v.Id) }),
        };
        return await audit.RunAsync(caller, scope, _ => Task.FromResult(Result<IReadOnlyList<ResidentView>>.Success(views)), cancellationToken);
    }
}
