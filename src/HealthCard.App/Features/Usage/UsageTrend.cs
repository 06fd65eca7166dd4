using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Usage;

public sealed record DailyUses(DateOnly Day, long Count);

/// <summary>
/// Card uses per day (China time) at institutions in the caller's region, for the console's dashboard. One range count
/// per day: each is an index range on the time column (and one partition on PostgreSQL), whatever the table's size.
/// </summary>
public sealed class UsageTrend(HealthCardDb db, TimeProvider clock)
{
    public const int MaxDays = 31;

    public async Task<Result<IReadOnlyList<DailyUses>>> ExecuteAsync(Caller caller, int days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.CardsRead) is { } denied)
        {
            return denied;
        }
        days = Math.Clamp(days, 1, MaxDays);
        var today = clock.Today();
        var institutions = db.Institutions.InRegionOf(caller).Select(i => i.Code);
        var result = new List<DailyUses>(days);
        for (var day = today.AddDays(1 - days); day <= today; day = day.AddDays(1))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
            var end = start.AddDays(1);
            var count = await db.UsageEvents.AsNoTracking()
                .Where(u => u.OccurredAt >= start && u.OccurredAt < end && institutions.Contains(u.InstitutionCode!))
                .LongCountAsync(cancellationToken);
            result.Add(new DailyUses(day, count));
        }
        return result;
    }
}
