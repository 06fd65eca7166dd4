using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>Reads one resident, within the caller's region.</summary>
public sealed class GetResident(HealthCardDb db, ResidentMapper mapper, IRegionDirectory regions)
{
    public async Task<Result<ResidentView>> ExecuteAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var record = await db.Residents.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return record is null ? ResidentErrors.NotFound : ResidentView.From(record, mapper.ToProfile(record), caller, regions);
    }
}
