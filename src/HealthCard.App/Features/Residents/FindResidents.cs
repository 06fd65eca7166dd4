using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.App.Security;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>Finds residents by document number through the blind index (the number itself is never queried).</summary>
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
}
