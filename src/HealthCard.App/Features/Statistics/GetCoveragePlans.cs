using HealthCard.App.Common;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Statistics;

/// <summary>The plans in a region (default: the caller's); a region outside the caller's is not found, as in the statistics.</summary>
public sealed class GetCoveragePlans(HealthCardDb db)
{
    public async Task<Result<IReadOnlyList<CoveragePlanView>>> ExecuteAsync(Caller caller, string? region, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.StatisticsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(caller);
        var prefix = region ?? caller.RegionScope;
        if (!caller.Covers(prefix))
        {
            return StatisticsErrors.RegionNotFound;
        }
        var plans = await db.CoveragePlans.AsNoTracking().Where(p => p.RegionCode.StartsWith(prefix))
            .OrderBy(p => p.RegionCode).ThenBy(p => p.Deadline).ToListAsync(cancellationToken);
        return plans.Select(CoveragePlanView.From).ToList();
    }

    /// <summary>
    /// Progress against every plan in a region (default: the caller's), measured exactly as the statistics measure it
    /// (<see cref="GetStatistics"/>): residents of the plan's population with an active card in the plan's region.
    /// </summary>
    public async Task<Result<IReadOnlyList<PlanProgress>>> ProgressAsync(Caller caller, string? region, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.StatisticsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(caller);
        var prefix = region ?? caller.RegionScope;
        if (!caller.Covers(prefix))
        {
            return StatisticsErrors.RegionNotFound;
        }
        return await GetStatistics.PlanProgressAsync(db, prefix, cancellationToken);
    }
}
