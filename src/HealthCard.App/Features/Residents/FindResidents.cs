using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// Finds residents by document number through the blind index (the number itself is never queried), and for the
/// console by card serial or exact name. Every path is one index lookup, so searching stays fast at 10 million residents.
/// </summary>
public sealed class FindResidents(HealthCardDb db, PersonalDataProtector protector, ResidentMapper mapper, IRegionDirectory regions)
{
    public async Task<IReadOnlyList<ResidentView>> ByIdNumberAsync(Caller caller, string idNumber, CancellationToken cancellationToken)
    {
        var index = protector.IdNumberIndex(idNumber);
        var records = await db.Residents.AsNoTracking().VisibleTo(caller)
            .Where(r => r.IdNumberIndex == index)
            .OrderBy(r => r.CreatedAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        return records.Select(r => ResidentView.From(r, mapper.ToProfile(r), caller, regions)).ToList();
    }

    /// <summary>
    /// The console's one search box: a term with digits is a document number or a card serial (10 digits), anything
    /// else an exact name (names are not unique: paged).
    /// </summary>
    public async Task<Paged<ResidentView>> SearchAsync(Caller caller, string? term, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
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
        return await Paged<ResidentView>.ReadAsync(matches.AsNoTracking().VisibleTo(caller).OrderBy(r => r.Id), page,
            r => ResidentView.From(r, mapper.ToProfile(r), caller, regions), cancellationToken);
    }
}
