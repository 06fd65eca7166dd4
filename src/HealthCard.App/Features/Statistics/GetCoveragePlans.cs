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
        var scoped = RegionOf(caller, region);
        if (!scoped.IsSuccess)
        {
            return scoped.Error!;
        }
        var prefix = scoped.Value;
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
        var scoped = RegionOf(caller, region);
        return scoped.IsSuccess ? await GetStatistics.PlanProgressAsync(db, scoped.Value, cancellationToken) : scoped.Error!;
    }

    /// <summary>The region asked (default: the caller's) once the caller may read statistics there.</summary>
    private static Result<string> RegionOf(Caller caller, string? region)
    {
        if (caller.Authorize(Capabilities.StatisticsRead) is { } denied)
        {
            return denied;
        }
        ArgumentNullException.ThrowIfNull(caller);
        var prefix = region ?? caller.RegionScope;
        return caller.Covers(prefix) ? prefix : StatisticsErrors.RegionNotFound;
    }
}
