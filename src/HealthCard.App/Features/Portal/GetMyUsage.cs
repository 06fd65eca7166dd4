using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Portal;

/// <summary>One use of the resident's card: when, what, where (the institution's name when it is registered) and the answer.</summary>
public sealed record MyUsageView(DateTimeOffset OccurredAt, string Kind, string CardSerial, string? InstitutionCode, string? InstitutionName,
    string ResultCode);

/// <summary>
/// Where and when the signed-in resident's card was used (online checks and reported events, standard §8), newest
/// first, paged. Events are matched by the resident's own blind index, so only their card number's uses appear.
/// </summary>
public sealed class GetMyUsage(HealthCardDb db)
{
    public async Task<Result<Paged<MyUsageView>>> ExecuteAsync(Caller caller, DateTimeOffset? from, DateTimeOffset? to, PageRequest page,
        CancellationToken cancellationToken)
    {
        var residentId = PortalLookup.ResidentOf(caller);
        var index = await db.Residents.AsNoTracking().Where(r => r.Id == residentId).Select(r => r.IdNumberIndex).FirstOrDefaultAsync(cancellationToken);
        if (index is null)
        {
            return new NotFound("resident");
        }
        var events = db.UsageEvents.AsNoTracking().Where(e => e.CardNumberIndex == index);
        if (from is { } start)
        {
            events = events.Where(e => e.OccurredAt >= start);
        }
        if (to is { } end)
        {
            events = events.Where(e => e.OccurredAt < end);
        }
        var rows =
            from e in events
            join i in db.Institutions on e.InstitutionCode equals i.Code into places
            from i in places.DefaultIfEmpty()
            orderby e.OccurredAt descending
            select new MyUsageView(e.OccurredAt, e.Kind, e.CardSerial, e.InstitutionCode, i == null ? null : i.Name, e.ResultCode);
        return await Paged<MyUsageView>.ReadAsync(rows, page, v => v, cancellationToken);
    }
}
